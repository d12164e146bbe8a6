using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What <see cref="LeafFreeBodies"/> needs from one referenced assembly: the names <c>N</c> for which it has a member
    /// <c>NAsync</c> (not counting extension methods on <c>IAsyncEnumerable&lt;T&gt;</c>, see <see cref="AsyncEnumerableTwins"/>), and the names of its methods with a parameter that can select a synchronous mode (<see cref="SyncMode"/>);
    /// and what <see cref="AsyncSiblingNames"/> needs: the <c>…Async</c> member names of its types that can hold extension
    /// methods.
    /// Read from the metadata tables (names only, no symbols), once per reference's metadata, which lives as long as the
    /// reference and so serves every compilation that uses it; an assembly without metadata (a project reference in the
    /// IDE) is read through its symbols, once per assembly symbol. Members only visible inside the assembly are kept apart: they count only where the assembly
    /// gives the compilation access (<c>InternalsVisibleTo</c>).
    /// </summary>
    internal sealed class ReferencedNames
    {
        private const string AsyncSuffix = "Async";

        // Keyed on the metadata reader, which the reference's metadata owns: the compiler drops unused assembly symbols
        // and builds new ones for the next compilation, and hands out a new ModuleMetadata wrapper each time, but the
        // references (and so their readers) live on.
        private static readonly ConditionalWeakTable<MetadataReader, ReferencedNames> Metadata =
            new ConditionalWeakTable<MetadataReader, ReferencedNames>();

        private static readonly ConditionalWeakTable<IAssemblySymbol, ReferencedNames> Assemblies =
            new ConditionalWeakTable<IAssemblySymbol, ReferencedNames>();

        private ReferencedNames(MetadataReader reader)
        {
            Read(reader);
        }

        private ReferencedNames(IAssemblySymbol assembly)
        {
            foreach (var module in assembly.Modules)
            {
                if (module.GetMetadata() is { } metadata)
                {
                    Read(metadata);
                }
                else
                {
                    Read(module.GlobalNamespace);
                }
            }

            AsyncEnumerableExtensionNames.ExceptWith(ExtensionAsyncNames);
        }

        public HashSet<string> AsyncStems { get; } = new HashSet<string>(StringComparer.Ordinal);

        public HashSet<string> ModeSelecting { get; } = new HashSet<string>(StringComparer.Ordinal);

        public HashSet<string> InternalAsyncStems { get; } = new HashSet<string>(StringComparer.Ordinal);

        public HashSet<string> InternalModeSelecting { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The <c>…Async</c> names (whole names) of the extension methods of the top-level types that can hold them (static
        /// classes and types marked with <c>ExtensionAttribute</c>) and of the members of their nested types (C# 14 extension
        /// blocks). Every accessibility: a superset is safe for a test whose "no" must be exact.
        /// </summary>
        public HashSet<string> ExtensionAsyncNames { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The names left out of <see cref="ExtensionAsyncNames"/> because every member of the holders that bears them is an
        /// extension method on <c>IAsyncEnumerable&lt;T&gt;</c> (<see cref="AsyncEnumerableTwins"/>): they bind only on such a receiver.
        /// </summary>
        public HashSet<string> AsyncEnumerableExtensionNames { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Whether one of those extension holders declares a method named <c>GetAwaiter</c> (<see cref="AwaiterExtensions"/>).</summary>
        public bool HoldsGetAwaiter { get; private set; }

        /// <summary>Metadata that could not be read: nothing is proved in a compilation that references it.</summary>
        public bool Unreadable { get; private set; }

        public static ReferencedNames Of(IAssemblySymbol assembly)
        {
            using var modules = assembly.Modules.GetEnumerator();
            if (modules.MoveNext() && modules.Current.GetMetadata() is { } metadata && !modules.MoveNext())
            {
                MetadataReader reader;
                try
                {
                    reader = metadata.GetMetadataReader();
                }
                catch (BadImageFormatException)
                {
                    return Assemblies.GetValue(assembly, a => new ReferencedNames(a));
                }

                return Metadata.GetValue(reader, r => new ReferencedNames(r));
            }

            // Several modules, or source (a project reference in the IDE).
            return Assemblies.GetValue(assembly, a => new ReferencedNames(a));
        }

        private void Read(ModuleMetadata metadata)
        {
            try
            {
                Read(metadata.GetMetadataReader());
            }
            catch (BadImageFormatException)
            {
                Unreadable = true;
            }
        }

        private void Read(MetadataReader reader)
        {
            try
            {
                ReadTables(reader);
            }
            catch (BadImageFormatException)
            {
                Unreadable = true;
            }
        }

        private void ReadTables(MetadataReader reader)
        {
            foreach (var handle in reader.MethodDefinitions)
            {
                var method = reader.GetMethodDefinition(handle);
                var access = method.Attributes & MethodAttributes.MemberAccessMask;
                var visible = access == MethodAttributes.Public || access == MethodAttributes.Family || access == MethodAttributes.FamORAssem;
                var name = reader.GetString(method.Name);
                if (!AsyncEnumerableTwins.IsAsyncEnumerableOnly(reader, method, name))
                {
                    AddAsyncName(name, visible ? AsyncStems : InternalAsyncStems);
                }

                if (ReturnsVoid(reader, method))
                {
                    // A call in synchronous mode returns a task.
                    continue;
                }

                foreach (var parameterHandle in method.GetParameters())
                {
                    if (SyncMode.IsAsyncFlagName(reader.GetString(reader.GetParameter(parameterHandle).Name)))
                    {
                        (visible ? ModeSelecting : InternalModeSelecting).Add(name);
                        break;
                    }
                }
            }

            // A delegate-typed property or field named MAsync: the counterpart binds to its Invoke. Visibility not read: kept.
            foreach (var handle in reader.PropertyDefinitions)
            {
                AddAsyncName(reader.GetString(reader.GetPropertyDefinition(handle).Name), AsyncStems);
            }

            foreach (var handle in reader.FieldDefinitions)
            {
                AddAsyncName(reader.GetString(reader.GetFieldDefinition(handle).Name), AsyncStems);
            }

            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil && CanHoldExtensions(reader, type))
                {
                    AddMemberAsyncNames(reader, type, extensionsOnly: true);
                    foreach (var nested in type.GetNestedTypes())
                    {
                        AddMemberAsyncNames(reader, reader.GetTypeDefinition(nested), extensionsOnly: false);
                    }
                }
            }

            AsyncEnumerableExtensionNames.ExceptWith(ExtensionAsyncNames);
        }

        // A static class is abstract and sealed in metadata; other extension holders (a VB module) carry ExtensionAttribute.
        private static bool CanHoldExtensions(MetadataReader reader, TypeDefinition type)
        {
            const TypeAttributes Static = TypeAttributes.Abstract | TypeAttributes.Sealed;
            if ((type.Attributes & Static) == Static)
            {
                return true;
            }

            return HasExtensionAttribute(reader, type.GetCustomAttributes());
        }

        /// <summary>Whether one of <paramref name="attributes"/> is an <c>ExtensionAttribute</c> (by name, as the compiler emits it).</summary>
        internal static bool HasExtensionAttribute(MetadataReader reader, CustomAttributeHandleCollection attributes)
        {
            foreach (var handle in attributes)
            {
                var constructor = reader.GetCustomAttribute(handle).Constructor;
                var attributeType = constructor.Kind switch
                {
                    HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)constructor).Parent,
                    HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType(),
                    _ => default(EntityHandle),
                };
                var name = attributeType.Kind switch
                {
                    HandleKind.TypeReference => reader.GetTypeReference((TypeReferenceHandle)attributeType).Name,
                    HandleKind.TypeDefinition => reader.GetTypeDefinition((TypeDefinitionHandle)attributeType).Name,
                    _ => default(StringHandle),
                };
                if (!name.IsNil && reader.StringComparer.Equals(name, "ExtensionAttribute"))
                {
                    return true;
                }
            }

            return false;
        }

        // extensionsOnly: a top-level holder, whose other members (File.ReadAllTextAsync) bind only when qualified with it or
        // imported with using static, which the name test reads apart; an extension block's members (a nested type) all count.
        private void AddMemberAsyncNames(MetadataReader reader, TypeDefinition type, bool extensionsOnly)
        {
            foreach (var handle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(handle);
                HoldsGetAwaiter |= reader.StringComparer.Equals(method.Name, "GetAwaiter");
                var name = reader.GetString(method.Name);
                if (AsyncEnumerableTwins.IsAsyncEnumerableOnly(reader, method, name))
                {
                    AsyncEnumerableExtensionNames.Add(name);
                }
                else if (!extensionsOnly || name.EndsWith(AsyncSuffix, StringComparison.Ordinal) && HasExtensionAttribute(reader, method.GetCustomAttributes()))
                {
                    AddWholeAsyncName(name);
                }
            }

            if (extensionsOnly)
            {
                return;
            }

            foreach (var handle in type.GetProperties())
            {
                AddWholeAsyncName(reader.GetString(reader.GetPropertyDefinition(handle).Name));
            }

            foreach (var handle in type.GetFields())
            {
                AddWholeAsyncName(reader.GetString(reader.GetFieldDefinition(handle).Name));
            }

            foreach (var handle in type.GetEvents())
            {
                AddWholeAsyncName(reader.GetString(reader.GetEventDefinition(handle).Name));
            }
        }

        private void AddWholeAsyncName(string name)
        {
            if (name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
            {
                ExtensionAsyncNames.Add(name);
            }
        }

        private static bool ReturnsVoid(MetadataReader reader, MethodDefinition method)
        {
            var signature = reader.GetBlobReader(method.Signature);
            if (signature.ReadSignatureHeader().IsGeneric)
            {
                signature.ReadCompressedInteger();
            }

            signature.ReadCompressedInteger();
            return signature.ReadSignatureTypeCode() == SignatureTypeCode.Void;
        }

        private void Read(INamespaceSymbol root)
        {
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case INamespaceSymbol space:
                        foreach (var member in space.GetMembers())
                        {
                            pending.Push(member);
                        }

                        break;
                    case INamedTypeSymbol type:
                        if (type.ContainingType is null && AsyncSiblingNames.AddHolderNames(type, ExtensionAsyncNames, AsyncEnumerableExtensionNames))
                        {
                            HoldsGetAwaiter |= type.MemberNames.Contains("GetAwaiter");
                        }

                        foreach (var member in type.GetMembers())
                        {
                            if (!AsyncEnumerableTwins.IsAsyncEnumerableOnly(member))
                            {
                                AddAsyncName(member.Name, AsyncStems);
                            }

                            if (member is IMethodSymbol method && HasModeParameter(method))
                            {
                                ModeSelecting.Add(method.Name);
                            }
                        }

                        foreach (var nested in type.GetTypeMembers())
                        {
                            pending.Push(nested);
                        }

                        break;
                }
            }
        }

        private static bool HasModeParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (SyncMode.IsAsyncFlagName(parameter.Name))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AddAsyncName(string name, HashSet<string> stems)
        {
            if (name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
            {
                stems.Add(name.Substring(0, name.Length - AsyncSuffix.Length));
            }
        }
    }
}
