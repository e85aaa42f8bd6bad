using static TorchSharp.torch;

namespace SignalProp.Empirical;

/// <summary>
/// Estimates mean, variance and the mean off-diagonal token–token (and feature–feature) covariance of a tensor of
/// shape <c>[runs, L, d]</c> exactly as the authors' scripts define them (THEORY.md §5.1), in O(runs·L·d) time and
/// memory, without forming the L×L (or d×d) covariance matrix.
/// </summary>
/// <remarks>
/// <para><b>Definition.</b> The authors reshape y to a matrix Y of L rows (token positions, the variables) by
/// n = runs·d columns (the samples), take the unbiased <c>torch.cov</c>,
/// <c>C_ij = 1/(n−1) Σ_c (y_ic − m_i)(y_jc − m_j)</c> with row means <c>m_i = (1/n) Σ_c y_ic</c>, zero the diagonal,
/// average all L² entries and multiply by L/(L−1): the mean of the L(L−1) off-diagonal entries.</para>
/// <para><b>O(n) identity.</b> Summing all entries, the double sum factorises over the samples:
/// <c>Σ_i Σ_j C_ij = 1/(n−1) Σ_c (Σ_i (y_ic − m_i))²</c>, while the diagonal is
/// <c>Σ_i C_ii = 1/(n−1) Σ_i Σ_c (y_ic − m_i)²</c>. Hence
/// <c>mean off-diagonal C = [Σ_c S_c² − Σ_i Σ_c (y_ic − m_i)²] / ((n−1)·L·(L−1))</c>, with the centred column sums
/// <c>S_c = Σ_i (y_ic − m_i)</c>.</para>
/// <para><b>Numerics.</b> To avoid cancellation when |μ| ≫ σ, y is first shifted by a per-token constant a_i (the
/// row mean rounded to the tensor's precision): z = y − a, with residual row means δ_i = m_i − a_i (tiny, computed in
/// float64). For any shift, <c>Σ_c (y_ic − m_i)(y_jc − m_j) = Σ_c z_ic z_jc − n δ_i δ_j</c>, so the numerator is
/// <c>[Σ_c (Σ_i z_ic)² − n(Σ_i δ_i)²] − [Σ z² − n Σ_i δ_i²]</c>. The variance over all N = n·L elements uses the
/// same pieces: <c>Σ(y − ȳ)² = [Σ z² − n Σ_i δ_i²] + n Σ_i (m_i − ȳ)²</c>, which equals N·(E[y²] − ȳ²).</para>
/// <para><b>Features.</b> The feature–feature analogue (the LayerNorm "covd", <c>torch.cov(y.transpose(0, 2)
/// .reshape(d, −1))</c>) swaps the roles: variables k = 1..d, n' = runs·L samples, feature means f_k, and
/// <c>mean off-diagonal = [Σ_{r,i} P_ri² − Σ_k Σ_{r,i}(y_rik − f_k)²] / ((n'−1)·d·(d−1))</c> with
/// <c>P_ri = Σ_k (y_rik − f_k) = Σ_k z_rik + d·a_i − Σ_k f_k</c> and
/// <c>Σ_k Σ_{r,i}(y_rik − f_k)² = Σ(y − ȳ)² − n' Σ_k (f_k − ȳ)²</c>.</para>
/// <para><b>Cost.</b> One sum over runs (giving the L×d table from which m_i and f_k follow), then, block by block of
/// runs, the shifted block z, its sum over tokens, its sum over features (only for the feature covariance) and its sum
/// of squares: O(runs·L·d) time, O(L·d + 2^20) extra memory, all torch ops inside a dispose scope. Eight doubles are
/// pulled back once. In float32 the block sums use PyTorch's cascade summation and are accumulated in float64; the
/// relative error of the results is about 1e-6, far below the Monte Carlo error.</para>
/// <para><b>Fused CPU path.</b> For a contiguous float32/float64 tensor on the CPU the same eight sums come from one
/// read of the data in .NET (MomentEstimator.Fused.cs): the shift a_i is the token mean of the first (up to) four runs,
/// and per run the row sums, column sums and squares of z = y − a are accumulated with 256-bit vectors (float32
/// within a row or run, float64 across them), over eight fixed chunks of runs in parallel, combined in order (so the
/// result does not depend on the number of cores). Σ_ri P_ri² follows from Σ_ri R_ri², the token totals and
/// c_i = d·a_i − Σ_k f_k as Σ R² + 2 Σ_i c_i T_i + runs·Σ_i c_i².</para>
/// </remarks>
public static partial class MomentEstimator
{
    private const long BlockElements = 1 << 20;

    /// <summary>
    /// Measures mean, variance, the mean off-diagonal token–token covariance and, optionally, the mean off-diagonal
    /// feature–feature covariance of <paramref name="values"/> (formulas in the class remarks).
    /// </summary>
    /// <param name="values">A floating-point tensor of shape <c>[runs, L, d]</c>; not modified. Gradient tracking
    /// is ignored.</param>
    /// <param name="includeFeatureCovariance">Also measure the feature–feature covariance (one more reduction).</param>
    /// <returns>The measured moments.</returns>
    /// <exception cref="ArgumentException">The tensor is not of rank 3 or not floating point.</exception>
    public static MeasuredMoments Measure(Tensor values, bool includeFeatureCovariance = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        SampleShape shape = SampleShape.From(values.shape);
        if (!values.is_floating_point())
        {
            throw new ArgumentException($"Expected a floating-point tensor, got {values.dtype}.", nameof(values));
        }
        long runs = shape.Runs, length = shape.Length, width = shape.Width;
        double[]? sums = TryFusedSums(values, shape, includeFeatureCovariance);
        if (sums is null)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            Tensor y = values.detach();
            // Σ_r y_rik, an L×d table; from it the token means m_i and the feature means f_k.
            // (Named arguments: a literal 0 would bind to the sum(ScalarType?) overload.)
            Tensor table = y.sum(dim: 0).to(ScalarType.Float64);
            Tensor tokenMeans = table.sum(dim: 1).div_(runs * width);           // m_i, [L]
            Tensor featureMeans = table.sum(dim: 0).div_(runs * length);        // f_k, [d]
            Tensor grandMean = tokenMeans.mean();                          // ȳ
            Tensor shift = tokenMeans.to(y.dtype);                         // a_i, rounded to y's precision
            Tensor residual = tokenMeans - shift.to(ScalarType.Float64);   // δ_i = m_i − a_i
            Tensor shiftView = shift.view(1, length, 1);
            Tensor offsets = shift.to(ScalarType.Float64).mul(width).sub_(featureMeans.sum()); // d·a_i − Σ_k f_k
            // Blocks of whole runs keep the temporaries small (about 2^20 elements), so they are served from the heap
            // instead of fresh pages, and every per-column (c = run, feature) or per-row (run, token) sum lies in
            // one block. Partial results stay on the device.
            long runsPerBlock = Math.Max(1, BlockElements / (length * width));
            Tensor columnSquares = zeros(1, ScalarType.Float64, y.device);   // Σ_c (Σ_i z_ic)²
            Tensor squares = zeros(1, ScalarType.Float64, y.device);         // Σ z²
            Tensor rowSquares = zeros(1, ScalarType.Float64, y.device);      // Σ_ri P_ri²
            for (long first = 0; first < runs; first += runsPerBlock)
            {
                using var blockScope = NewDisposeScope();
                Tensor shifted = y.narrow(0, first, Math.Min(runsPerBlock, runs - first)).sub(shiftView); // z = y − a
                columnSquares.add_(shifted.sum(dim: 1).to(ScalarType.Float64).pow_(2).sum());
                if (includeFeatureCovariance)
                {
                    rowSquares.add_(shifted.sum(dim: 2).to(ScalarType.Float64).add_(offsets.view(1, length)).pow_(2).sum());
                }
                squares.add_(shifted.pow_(2).sum().to(ScalarType.Float64));
            }
            var parts = new List<Tensor>
            {
                grandMean.view(1),
                squares,
                columnSquares,
                residual.sum().view(1),
                residual.square().sum().view(1),
                (tokenMeans - grandMean).square().sum().view(1),
            };
            if (includeFeatureCovariance)
            {
                parts.Add(rowSquares);                                              // Σ P_ri²
                parts.Add((featureMeans - grandMean).square().sum().view(1));       // Σ_k (f_k − ȳ)²
            }
            sums = cat(parts, 0).cpu().data<double>().ToArray();
        }

        double count = (double)runs * length * width;
        double tokenSamples = (double)runs * width;      // n
        double featureSamples = (double)runs * length;   // n'
        double mean = sums[0];
        double diagonal = sums[1] - tokenSamples * sums[4];               // Σ_i Σ_c (y_ic − m_i)²
        double total = sums[2] - tokenSamples * sums[3] * sums[3];        // Σ_c (Σ_i (y_ic − m_i))²
        double centredSquares = diagonal + tokenSamples * sums[5];        // Σ (y − ȳ)²
        double variance = centredSquares / count;
        double tokenCovariance = length >= 2 && tokenSamples >= 2
            ? (total - diagonal) / ((tokenSamples - 1) * length * (length - 1))
            : double.NaN;
        double featureCovariance = double.NaN;
        if (includeFeatureCovariance && width >= 2 && featureSamples >= 2)
        {
            double featureDiagonal = centredSquares - featureSamples * sums[7];
            featureCovariance = (sums[6] - featureDiagonal) / ((featureSamples - 1) * width * (width - 1));
        }
        return new MeasuredMoments(mean, variance, tokenCovariance, featureCovariance, (long)count);
    }
}
