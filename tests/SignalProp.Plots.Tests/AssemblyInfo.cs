// Rendering is quick; running the figure tests one at a time keeps timings and native font caches predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
