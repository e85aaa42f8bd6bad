namespace SignalProp.Notebooks;

/// <summary>What happened to one cell.</summary>
public enum CellStatus
{
    /// <summary>A markdown or raw cell: passed through unchanged.</summary>
    NotCode,

    /// <summary>A code cell whose source is blank: not run, no execution count.</summary>
    Empty,

    /// <summary>The cell ran to completion.</summary>
    Succeeded,

    /// <summary>The cell failed to compile, threw, or cannot be run by this runner; its outputs end with an <see cref="ErrorOutput"/>.</summary>
    Failed,

    /// <summary>An earlier cell failed, so this one did not run (its outputs are cleared).</summary>
    NotRun,
}

/// <summary>The result of one cell.</summary>
/// <param name="Index">The cell's 0-based position in the notebook (markdown cells included).</param>
/// <param name="Id">The cell id, or null.</param>
/// <param name="Status">What happened.</param>
/// <param name="ExecutionCount">The execution count given to the cell (1, 2, … over the code cells that ran), or null.</param>
/// <param name="Outputs">The outputs written to the executed notebook.</param>
/// <param name="Elapsed">Compile and run time of the cell.</param>
public sealed record CellResult(int Index, string? Id, CellStatus Status, int? ExecutionCount, IReadOnlyList<NotebookOutput> Outputs, TimeSpan Elapsed)
{
    /// <summary>The error output of a failed cell, or null.</summary>
    public ErrorOutput? Error => Outputs.OfType<ErrorOutput>().FirstOrDefault();

    /// <summary>How many <c>image/png</c> outputs the cell produced.</summary>
    public int ImageCount => Outputs.Count(o => o.HasImage);
}

/// <summary>The result of running a notebook.</summary>
/// <param name="Path">The notebook file, or null when run from memory.</param>
/// <param name="Executed">The notebook with every code cell's outputs and execution count replaced; save it with <see cref="Notebook.Save"/>.</param>
/// <param name="Cells">One result per cell, in order.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
public sealed record NotebookResult(string? Path, Notebook Executed, IReadOnlyList<CellResult> Cells, TimeSpan Elapsed)
{
    /// <summary>True when no cell failed.</summary>
    public bool Succeeded => Cells.All(c => c.Status != CellStatus.Failed);

    /// <summary>The cell that failed, or null.</summary>
    public CellResult? FailedCell => Cells.FirstOrDefault(c => c.Status == CellStatus.Failed);

    /// <summary>The number of code cells in the notebook.</summary>
    public int CodeCellCount => Cells.Count(c => c.Status is not CellStatus.NotCode);

    /// <summary>The number of code cells that ran (successfully or not).</summary>
    public int ExecutedCellCount => Cells.Count(c => c.Status is CellStatus.Succeeded or CellStatus.Failed);

    /// <summary>The number of <c>image/png</c> outputs over all cells.</summary>
    public int ImageCount => Cells.Sum(c => c.ImageCount);

    /// <summary>One line for logs: the first error, or "ok".</summary>
    public string Summary => FailedCell is { } failed
        ? $"failed at cell {failed.Index} (execution {failed.ExecutionCount}): {failed.Error}"
        : "ok";
}
