using System;
using System.Collections.Generic;
using System.Threading;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Tarjan's strongly connected components, iterative (call chains can be deeper than the stack allows), for the walks
    /// that settle each member of a call graph once and cache the answer: TW104's summaries (<see cref="CallSummaries"/>)
    /// and its name pre-filter (<see cref="LeafFreeBodies"/>). A component is handed over as soon as it is complete, so
    /// every node it reaches outside itself is already settled.
    /// </summary>
    internal static class StrongComponents
    {
        /// <summary>
        /// Walks depth-first from <paramref name="root"/> over the nodes <paramref name="successors"/> reaches that are not
        /// <paramref name="settled"/>, and calls <paramref name="complete"/> with each strongly connected component (its
        /// members, the first one last) once every component it reaches has been completed.
        /// </summary>
        public static void Walk<T>(
            T root,
            Func<T, IReadOnlyList<T>> successors,
            Func<T, bool> settled,
            Action<List<T>> complete,
            IEqualityComparer<T> comparer,
            CancellationToken cancellationToken)
        {
            var nodes = new Dictionary<T, Node<T>>(comparer);
            var walk = new Stack<Node<T>>();
            var component = new Stack<Node<T>>();

            void Open(T item)
            {
                var node = new Node<T>(item, successors(item), nodes.Count);
                nodes.Add(item, node);
                walk.Push(node);
                component.Push(node);
            }

            Open(root);
            while (walk.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = walk.Peek();
                if (node.Cursor < node.Next.Count)
                {
                    var next = node.Next[node.Cursor++];
                    if (settled(next))
                    {
                        continue;
                    }

                    if (!nodes.TryGetValue(next, out var nextNode))
                    {
                        Open(next);
                    }
                    else if (nextNode.OnStack)
                    {
                        node.LowLink = Math.Min(node.LowLink, nextNode.Index);
                    }

                    continue;
                }

                walk.Pop();
                if (walk.Count > 0)
                {
                    var parent = walk.Peek();
                    parent.LowLink = Math.Min(parent.LowLink, node.LowLink);
                }

                if (node.LowLink == node.Index)
                {
                    var members = new List<T>();
                    Node<T> member;
                    do
                    {
                        member = component.Pop();
                        member.OnStack = false;
                        members.Add(member.Item);
                    }
                    while (member != node);

                    complete(members);
                }
            }
        }

        private sealed class Node<T>
        {
            public Node(T item, IReadOnlyList<T> next, int index)
            {
                Item = item;
                Next = next;
                Index = index;
                LowLink = index;
            }

            public T Item { get; }

            public IReadOnlyList<T> Next { get; }

            public int Index { get; }

            public int LowLink { get; set; }

            public int Cursor { get; set; }

            public bool OnStack { get; set; } = true;
        }
    }
}
