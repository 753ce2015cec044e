using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace EDRS.Knowledge.Documents.Parsing.Html;

/// <summary>
/// Which parts of a page are its main text. The root is the page's <c>&lt;main&gt;</c>, else the element with
/// <c>role="main"</c>, else its <c>&lt;article&gt;</c> elements (outermost ones, in order), else <c>&lt;body&gt;</c>.
/// Inside the root, whole subtrees are dropped when they are page furniture or invisible: see <see cref="IsDropped"/>.
/// </summary>
internal static class HtmlMainContent
{
    // Furniture, scripts, embedded objects and interactive controls: never main text.
    private static readonly HashSet<string> DroppedElements = new(StringComparer.Ordinal)
    {
        "nav", "footer", "aside", "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "form", "button", "input", "select", "option", "optgroup", "textarea", "label", "datalist", "output",
        "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "canvas", "audio", "video", "source", "track",
        "map", "area", "dialog", "menu",
    };

    // ARIA landmarks and widgets that mark furniture whatever the element.
    private static readonly HashSet<string> DroppedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog",
        "alertdialog", "form", "tooltip",
    };

    /// <summary>The elements whose content is the page's main text, in document order.</summary>
    public static IReadOnlyList<IElement> Roots(IHtmlDocument document)
    {
        var main = document.QuerySelectorAll("main").FirstOrDefault(e => !IsHidden(e))
            ?? document.QuerySelectorAll("[role=main]").FirstOrDefault(e => !IsHidden(e));
        if (main is not null)
            return [main];
        var articles = document.QuerySelectorAll("article")
            .Where(a => !IsHidden(a) && a.ParentElement?.Closest("article") is null)
            .ToArray();
        if (articles.Length > 0)
            return articles;
        var body = document.Body ?? document.DocumentElement;
        return body is null ? [] : [body];
    }

    /// <summary>
    /// True for an element whose whole subtree is not main text: page furniture (<c>nav</c>, <c>footer</c>, <c>aside</c>,
    /// a <c>header</c> that is not inside an <c>article</c> or <c>main</c> — there it holds the article's title),
    /// scripts and styles, forms and controls, embedded objects, furniture ARIA roles, and hidden elements
    /// (<c>hidden</c>, <c>aria-hidden="true"</c>, an inline <c>display:none</c> or <c>visibility:hidden</c>).
    /// </summary>
    public static bool IsDropped(IElement element)
    {
        var name = element.LocalName;
        if (DroppedElements.Contains(name))
            return true;
        if (name == "header" && element.ParentElement?.Closest("article, main, [role=main]") is null)
            return true;
        var role = element.GetAttribute("role");
        if (role is not null && DroppedRoles.Contains(role.Trim()))
            return true;
        return IsHidden(element);
    }

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden"))
            return true;
        if (string.Equals(element.GetAttribute("aria-hidden")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            return true;
        var style = element.GetAttribute("style");
        if (style is null)
            return false;
        var compact = string.Concat(style.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }
}
