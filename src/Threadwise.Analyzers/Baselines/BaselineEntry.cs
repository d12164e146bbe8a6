namespace Threadwise.Baselines
{
    /// <summary>One accepted diagnostic in a baseline file: its fingerprint and, for people, the file it was found in.</summary>
    public sealed class BaselineEntry
    {
        public BaselineEntry(BaselineFingerprint fingerprint, string? path)
        {
            Fingerprint = fingerprint;
            Path = path;
        }

        public BaselineFingerprint Fingerprint { get; }

        /// <summary>
        /// The file, relative to the baseline file's folder with '/' separators. Informational: matching ignores it, so a
        /// moved file keeps its entries.
        /// </summary>
        public string? Path { get; }
    }
}
