// The cluster tests start real members, and Proto.Actor keeps its logger factory in a static: run one test class at
// a time so members of different tests never share that state nor starve each other of the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
