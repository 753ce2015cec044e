using EDRS.Persistence.EventTypes;
using EDRS.Persistence.Serialization;
using EDRS.Persistence.Snapshots;
using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace EDRS.Persistence.Schema;

/// <summary>
/// The one Marten configuration of EDRS: string stream keys, quick append, causation ids and headers
/// on events, pinned event names, and the snapshot table, with no schema changes at run time.
/// </summary>
public static class EdrsStoreConfiguration
{
    public static void Apply(StoreOptions store, JournalOptions options, EventTypeMap eventTypes)
    {
        store.Connection(options.ConnectionString);
        store.DatabaseSchemaName = options.Schema;
        store.Events.DatabaseSchemaName = options.Schema;
        store.Events.StreamIdentity = StreamIdentity.AsString;
        store.Events.AppendMode = EventAppendMode.Quick;
        store.Events.MetadataConfig.CausationIdEnabled = true;
        store.Events.MetadataConfig.HeadersEnabled = true;
        store.UseSystemTextJsonForSerialization(JournalJson.Options);
        foreach (var (type, name) in eventTypes.Mappings)
            store.Events.MapEventType(type, name);
        store.AutoCreateSchemaObjects = AutoCreate.None;

        var snapshots = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, PostgresSnapshotStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        snapshots.AddColumn<string>("stream_id").AsPrimaryKey();
        snapshots.AddColumn<long>("version").NotNull();
        snapshots.AddColumn("data", "jsonb").NotNull();
        // Binary part of a snapshot (a vector index, say): null for grains that have none.
        snapshots.AddColumn("attachment", "bytea");
        snapshots.AddColumn("taken_at", "timestamp with time zone").NotNull();
        store.Storage.ExtendedSchemaObjects.Add(snapshots);

        // Domain events on their way out (written by the group-commit writer in the same statement as the events).
        var outbox = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Outbox.OutboxStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        outbox.AddColumn<int>("partition").AsPrimaryKey();
        outbox.AddColumn<long>("sequence").AsPrimaryKey();
        outbox.AddColumn<string>("topic").NotNull();
        outbox.AddColumn<string>("message_key").NotNull();
        outbox.AddColumn("payload", "jsonb").NotNull();
        outbox.AddColumn("created_at", "timestamp with time zone").NotNull();
        store.Storage.ExtendedSchemaObjects.Add(outbox);
        // Idempotency-Keys the gateway has seen, per tenant, bound to the request each first named (expired by retention).
        var keys = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Idempotency.IdempotencyKeyStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        keys.AddColumn<string>("tenant").AsPrimaryKey();
        keys.AddColumn<string>("idempotency_key").AsPrimaryKey();
        keys.AddColumn<string>("fingerprint").NotNull();
        keys.AddColumn<string>("assigned_id");
        keys.AddColumn("created_at", "timestamp with time zone").NotNull();
        keys.Indexes.Add(new IndexDefinition("ix_edrs_idempotency_keys_created_at") { Columns = ["created_at"] });
        store.Storage.ExtendedSchemaObjects.Add(keys);
        store.Storage.ExtendedSchemaObjects.Add(new Weasel.Postgresql.Sequence(
            new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Outbox.OutboxStore.SequenceName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General)));

        // Knowledge sources events asked to re-ingest (Knowledge/SourceRefreshStore): one row per source, claimed with SKIP LOCKED.
        var refreshes = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Knowledge.SourceRefreshStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        refreshes.AddColumn<string>("tenant").AsPrimaryKey();
        refreshes.AddColumn<string>("collection_id").AsPrimaryKey();
        refreshes.AddColumn<string>("source_uri").AsPrimaryKey();
        refreshes.AddColumn<string>("document_id");
        refreshes.AddColumn<string>("title");
        refreshes.AddColumn("tags", "text[]");
        refreshes.AddColumn<string>("event_id").NotNull();
        refreshes.AddColumn<string>("status").NotNull();
        refreshes.AddColumn<string>("outcome");
        refreshes.AddColumn<long>("document_version");
        refreshes.AddColumn<int>("attempts").NotNull();
        refreshes.AddColumn<string>("last_error");
        refreshes.AddColumn("requested_at", "timestamp with time zone").NotNull();
        refreshes.AddColumn("finished_at", "timestamp with time zone");
        refreshes.AddColumn<Guid>("token").NotNull();
        refreshes.AddColumn("due_at", "timestamp with time zone").NotNull();
        refreshes.AddColumn("claimed_until", "timestamp with time zone");
        refreshes.Indexes.Add(new IndexDefinition("ix_edrs_knowledge_refreshes_due_at") { Columns = ["status", "due_at"] });
        store.Storage.ExtendedSchemaObjects.Add(refreshes);

        // Inbound events running workflows wait for (Workflows/WorkflowEventWaitStore): found by tenant and correlation id.
        var waits = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Workflows.WorkflowEventWaitStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        waits.AddColumn<string>("tenant").AsPrimaryKey();
        waits.AddColumn<string>("correlation_id").AsPrimaryKey();
        waits.AddColumn<string>("workflow_id").AsPrimaryKey();
        waits.AddColumn<string>("step_id").AsPrimaryKey();
        waits.AddColumn<string>("event_type").NotNull();
        waits.AddColumn<string>("signal").NotNull();
        waits.AddColumn("created_at", "timestamp with time zone").NotNull();
        store.Storage.ExtendedSchemaObjects.Add(waits);

        // Durable timers of every grain (Reminders/ReminderStore): claimed by due time with FOR UPDATE SKIP LOCKED.
        var reminders = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Reminders.ReminderStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        reminders.AddColumn<string>("kind").AsPrimaryKey();
        reminders.AddColumn<string>("identity").AsPrimaryKey();
        reminders.AddColumn<string>("name").AsPrimaryKey();
        reminders.AddColumn("due_at", "timestamp with time zone").NotNull();
        reminders.AddColumn<Guid>("token").NotNull();
        reminders.AddColumn("claimed_until", "timestamp with time zone");
        reminders.AddColumn<int>("attempts").NotNull();
        reminders.AddColumn("created_at", "timestamp with time zone").NotNull();
        reminders.Indexes.Add(new IndexDefinition("ix_edrs_reminders_due_at") { Columns = ["due_at"] });
        store.Storage.ExtendedSchemaObjects.Add(reminders);

        // Webhooks out (Webhooks/): the tenants' subscriptions, and their deliveries, written by the group-commit writer in
        // the same statement as the events they carry, claimed by due time with FOR UPDATE SKIP LOCKED.
        var subscriptions = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Webhooks.WebhookSubscriptionStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        subscriptions.AddColumn<string>("tenant").AsPrimaryKey();
        subscriptions.AddColumn<string>("id").AsPrimaryKey();
        subscriptions.AddColumn<string>("url").NotNull();
        subscriptions.AddColumn("event_types", "text[]").NotNull();
        subscriptions.AddColumn<string>("secret").NotNull();
        subscriptions.AddColumn("created_at", "timestamp with time zone").NotNull();
        store.Storage.ExtendedSchemaObjects.Add(subscriptions);
        var deliveries = new Table(new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Webhooks.WebhookDeliveryStore.TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        deliveries.AddColumn<Guid>("id").AsPrimaryKey();
        deliveries.AddColumn<long>("sequence").NotNull();
        deliveries.AddColumn<string>("tenant").NotNull();
        deliveries.AddColumn<string>("subscription_id").NotNull();
        deliveries.AddColumn<string>("event_type").NotNull();
        deliveries.AddColumn("payload", "jsonb").NotNull();
        deliveries.AddColumn<string>("status").NotNull();
        deliveries.AddColumn<int>("attempts").NotNull();
        deliveries.AddColumn("next_attempt_at", "timestamp with time zone").NotNull();
        deliveries.AddColumn("claimed_until", "timestamp with time zone");
        deliveries.AddColumn<string>("last_error_code");
        deliveries.AddColumn("created_at", "timestamp with time zone").NotNull();
        deliveries.AddColumn("updated_at", "timestamp with time zone").NotNull();
        deliveries.AddColumn("delivered_at", "timestamp with time zone");
        deliveries.Indexes.Add(new IndexDefinition("ix_edrs_webhook_deliveries_due") { Columns = ["next_attempt_at"], Predicate = "status = 'pending'" });
        deliveries.Indexes.Add(new IndexDefinition("ix_edrs_webhook_deliveries_subscription") { Columns = ["tenant", "subscription_id", "sequence"] });
        store.Storage.ExtendedSchemaObjects.Add(deliveries);
        store.Storage.ExtendedSchemaObjects.Add(new Weasel.Postgresql.Sequence(
            new Weasel.Postgresql.PostgresqlObjectName(options.Schema, Webhooks.WebhookDeliveryStore.SequenceName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General)));
    }

    /// <summary>Creates or updates every table and function of the schema (dev start-up and the <c>migrate</c> command).</summary>
    public static Task MigrateAsync(IDocumentStore store) =>
        store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
}
