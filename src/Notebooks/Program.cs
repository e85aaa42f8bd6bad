// The notebook runner's command line; see NotebookCommand.Usage. The library API is NotebookRunner.RunAsync.
return await SignalProp.Notebooks.NotebookCommand.RunAsync(args, Console.Out, Console.Error);
