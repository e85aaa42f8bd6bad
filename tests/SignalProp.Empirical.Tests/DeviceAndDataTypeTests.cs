using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

public class DeviceAndDataTypeTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void CpuResolvesToCpu(string name) => Assert.Equal(DeviceType.CPU, TorchDevice.Resolve(name).type);

    [Fact]
    public void AutoPicksCudaOnlyWhenAvailable()
    {
        DeviceType expected = cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, TorchDevice.Resolve("auto").type);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void UnknownDeviceNamesTheValueAndTheValidSet(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => TorchDevice.Resolve(name));
        Assert.Contains($"'{name}'", exception.Message);
        Assert.Contains("auto, cpu, cuda", exception.Message);
    }

    [Fact]
    public void ExplicitCudaWithoutCudaIsAClearError()
    {
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, TorchDevice.Resolve("cuda").type);
            return;
        }
        var exception = Assert.Throws<InvalidOperationException>(() => TorchDevice.Resolve("cuda"));
        Assert.Contains("not available", exception.Message);
    }

    [Theory]
    [InlineData("float32", ScalarType.Float32)]
    [InlineData("Float64", ScalarType.Float64)]
    public void DataTypesResolve(string name, ScalarType expected)
    {
        Assert.Equal(expected, TorchDataType.Resolve(name));
        Assert.Equal(name.ToLowerInvariant(), TorchDataType.NameOf(expected));
    }

    [Fact]
    public void UnknownDataTypeNamesTheValueAndTheValidSet()
    {
        var exception = Assert.Throws<ArgumentException>(() => TorchDataType.Resolve("half"));
        Assert.Contains("'half'", exception.Message);
        Assert.Contains("float32, float64", exception.Message);
    }

    [Fact]
    public void SamplerUsesTheRequestedDataType()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(1, TorchDevice.Resolve("cpu"), TorchDataType.Resolve("float32"));
        Tensor sample = sampler.SampleInput(new SampleShape(2, 3, 4), 0, 1, 0.5);
        Assert.Equal(ScalarType.Float32, sample.dtype);
        Assert.Equal(new long[] { 2, 3, 4 }, sample.shape);
    }
}
