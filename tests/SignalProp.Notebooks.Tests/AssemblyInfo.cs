// The runner redirects the process-wide Console per cell and serialises runs; running test classes in parallel would only
// make them wait for each other, and would let CLI tests observe another test's console redirection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
