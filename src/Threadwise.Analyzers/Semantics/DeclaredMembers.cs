using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The member declarations of one syntax tree by name, for <see cref="LeafFreeBodies"/>: the methods, properties and
    /// indexers (<c>this[]</c>) code can reach by name, the methods and delegates with a parameter that can select a
    /// synchronous mode (<see cref="SyncMode"/>), and the names declared with an <c>…Async</c> suffix. Read from the
    /// declarations only, never from bodies; cached per tree. A tree with a member of a kind not known here (a newer
    /// language's) is <see cref="Unknown"/>: nothing is proved in its compilation.
    /// </summary>
    internal sealed class DeclaredMembers
    {
        private const string AsyncSuffix = "Async";

        private static readonly ConditionalWeakTable<SyntaxTree, DeclaredMembers> Trees = new ConditionalWeakTable<SyntaxTree, DeclaredMembers>();

        private DeclaredMembers(SyntaxTree tree)
        {
            if (tree.GetRoot() is CompilationUnitSyntax unit)
            {
                Add(unit.Members);
            }
        }

        /// <summary>Methods, properties and indexers by the name a call or read reaches them by.</summary>
        public Dictionary<string, List<MemberDeclarationSyntax>> ByName { get; } =
            new Dictionary<string, List<MemberDeclarationSyntax>>(StringComparer.Ordinal);

        /// <summary>Names of methods with a mode parameter; <c>Invoke</c> for such a delegate.</summary>
        public HashSet<string> ModeSelecting { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Names <c>N</c> of members declared as <c>NAsync</c>.</summary>
        public HashSet<string> AsyncStems { get; } = new HashSet<string>(StringComparer.Ordinal);

        public bool Unknown { get; private set; }

        public static DeclaredMembers Of(SyntaxTree tree) => Trees.GetValue(tree, t => new DeclaredMembers(t));

        private void Add(SyntaxList<MemberDeclarationSyntax> members)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax space:
                        Add(space.Members);
                        break;
                    case TypeDeclarationSyntax type:
                        if (HasModeParameter(type.ParameterList))
                        {
                            // An extension block's receiver or a primary constructor's parameter: its methods may take it.
                            foreach (var inner in type.Members)
                            {
                                if (inner is MethodDeclarationSyntax method)
                                {
                                    ModeSelecting.Add(method.Identifier.ValueText);
                                }
                            }
                        }

                        Add(type.Members);
                        break;
                    case DelegateDeclarationSyntax @delegate:
                        if (HasModeParameter(@delegate.ParameterList))
                        {
                            ModeSelecting.Add(BodyNames.DelegateInvoke);
                        }

                        break;
                    case MethodDeclarationSyntax method:
                        Name(method.Identifier.ValueText, method);
                        if (HasModeParameter(method.ParameterList))
                        {
                            ModeSelecting.Add(method.Identifier.ValueText);
                        }

                        break;
                    case PropertyDeclarationSyntax property:
                        Name(property.Identifier.ValueText, property);
                        break;
                    case IndexerDeclarationSyntax indexer:
                        Name(BodyNames.Indexer, indexer);
                        break;
                    case EventDeclarationSyntax @event:
                        Stem(@event.Identifier.ValueText);
                        break;
                    case BaseFieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            Stem(variable.Identifier.ValueText);
                        }

                        break;
                    case EnumDeclarationSyntax or BaseMethodDeclarationSyntax or GlobalStatementSyntax or IncompleteMemberSyntax:
                        // Constructors, destructors and operators are not reached by a name; top-level statements are not
                        // a member (their local functions are never proved).
                        break;
                    default:
                        Unknown = true;
                        break;
                }
            }
        }

        private void Name(string name, MemberDeclarationSyntax member)
        {
            if (!ByName.TryGetValue(name, out var list))
            {
                ByName.Add(name, list = new List<MemberDeclarationSyntax>());
            }

            list.Add(member);
            Stem(name);
        }

        private void Stem(string name)
        {
            if (name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
            {
                AsyncStems.Add(name.Substring(0, name.Length - AsyncSuffix.Length));
            }
        }

        private static bool HasModeParameter(BaseParameterListSyntax? parameters)
        {
            if (parameters is null)
            {
                return false;
            }

            foreach (var parameter in parameters.Parameters)
            {
                if (SyncMode.IsAsyncFlagName(parameter.Identifier.ValueText))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
