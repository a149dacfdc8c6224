using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Neurons.Workbook.Site;

/// <summary>
/// Colours a C# script cell for the static site without any JavaScript: Roslyn splits the cell
/// into tokens and trivia, and each piece becomes escaped text, wrapped in a span whose class says
/// what it is (kw, str, num, com, type, directive). Removing the spans and decoding the entities
/// gives back the cell's source exactly.
/// </summary>
internal static class CSharpHighlighter
{
    private static readonly CSharpParseOptions ScriptOptions =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    public static string ToHtml(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ScriptOptions);
        var html = new StringBuilder(source.Length * 2);
        foreach (var token in tree.GetRoot().DescendantTokens(descendIntoTrivia: false))
        {
            foreach (var trivia in token.LeadingTrivia) AppendTrivia(html, trivia);
            Append(html, ClassOf(token), token.Text);
            foreach (var trivia in token.TrailingTrivia) AppendTrivia(html, trivia);
        }
        return html.ToString();
    }

    private static void AppendTrivia(StringBuilder html, SyntaxTrivia trivia)
    {
        var text = trivia.ToFullString();
        string? cssClass = trivia.Kind() switch
        {
            SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia or
            SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia
                => "com",
            SyntaxKind.DisabledTextTrivia => "com",
            _ when trivia.IsDirective => "directive",
            _ => null,
        };
        if (cssClass == "directive")
        {
            // A directive's trivia runs to the end of its line, newline included: colour the text only.
            var body = text.TrimEnd('\r', '\n');
            Append(html, cssClass, body);
            Append(html, null, text[body.Length..]);
        }
        else
        {
            Append(html, cssClass, text);
        }
    }

    private static void Append(StringBuilder html, string? cssClass, string text)
    {
        if (text.Length == 0) return;
        if (cssClass is null)
        {
            html.Append(Html.Encode(text));
            return;
        }
        html.Append("<span class=\"").Append(cssClass).Append("\">")
            .Append(Html.Encode(text))
            .Append("</span>");
    }

    private static string? ClassOf(SyntaxToken token)
    {
        var kind = token.Kind();
        if (SyntaxFacts.IsKeywordKind(kind)) return "kw";
        switch (kind)
        {
            case SyntaxKind.NumericLiteralToken:
                return "num";
            case SyntaxKind.StringLiteralToken:
            case SyntaxKind.Utf8StringLiteralToken:
            case SyntaxKind.CharacterLiteralToken:
            case SyntaxKind.SingleLineRawStringLiteralToken:
            case SyntaxKind.MultiLineRawStringLiteralToken:
            case SyntaxKind.Utf8SingleLineRawStringLiteralToken:
            case SyntaxKind.Utf8MultiLineRawStringLiteralToken:
            case SyntaxKind.InterpolatedStringStartToken:
            case SyntaxKind.InterpolatedVerbatimStringStartToken:
            case SyntaxKind.InterpolatedSingleLineRawStringStartToken:
            case SyntaxKind.InterpolatedMultiLineRawStringStartToken:
            case SyntaxKind.InterpolatedStringTextToken:
            case SyntaxKind.InterpolatedStringEndToken:
            case SyntaxKind.InterpolatedRawStringEndToken:
                return "str";
            case SyntaxKind.IdentifierToken:
                if (ReadsAsKeyword(token)) return "kw";
                return IsTypeName(token) ? "type" : null;
            default:
                return null;
        }
    }

    // Where the parser keeps a contextual keyword as a name (var, dynamic, nameof), it still reads
    // as the keyword; elsewhere the parser already gives keywords their own kind.
    private static bool ReadsAsKeyword(SyntaxToken token) => token.Parent is IdentifierNameSyntax name && (
        name.IsVar
        || token.ValueText == "dynamic" && SyntaxFacts.IsInTypeOnlyContext(name)
        || token.ValueText == "nameof" && name.Parent is InvocationExpressionSyntax);

    // Without a compilation, a type is recognised by where it stands: declared as one, used where
    // only a type can be, or named on the left of a member access with a capital (Math.Exp).
    private static bool IsTypeName(SyntaxToken token)
    {
        switch (token.Parent)
        {
            case BaseTypeDeclarationSyntax declaration when declaration.Identifier == token:
            case DelegateDeclarationSyntax delegateDeclaration when delegateDeclaration.Identifier == token:
            case TypeParameterSyntax:
                return true;
            case ConstructorDeclarationSyntax:
                return true;
            case SimpleNameSyntax name:
                if (SyntaxFacts.IsInTypeOnlyContext(name)) return true;
                if (name.Parent is ObjectCreationExpressionSyntax) return true;
                if (name.Parent is QualifiedNameSyntax qualified && qualified.Right == name
                    && SyntaxFacts.IsInTypeOnlyContext(qualified)) return true;
                if (name.Parent is MemberAccessExpressionSyntax access && access.Expression == name
                    && name is IdentifierNameSyntax && char.IsUpper(token.ValueText[0])) return true;
                return false;
            default:
                return false;
        }
    }
}
