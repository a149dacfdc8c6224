namespace Neurons.Tests;

/// <summary>
/// "No allocation per training step": counted, not timed. Each action runs once to warm up, then
/// many times while the thread's allocated bytes are watched.
/// </summary>
public class AllocationTests
{
    /// <summary>
    /// The fewest bytes allocated by <paramref name="times"/> calls over a few rounds. The runtime may
    /// allocate now and then on the test's thread (tiered recompilation of the step while it runs), but a
    /// step that allocates shows up in every round.
    /// </summary>
    private static long AllocatedBy(Action step, int times = 10000)
    {
        step();
        var fewest = long.MaxValue;
        for (var round = 0; round < 5 && fewest > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 0; k < times; k++) step();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    [Fact]
    public void The_count_sees_an_allocation()
    {
        Assert.True(AllocatedBy(() => GC.KeepAlive(new double[2]), 100) >= 100 * 2 * sizeof(double));
    }

    [Fact]
    public void A_linear_neuron_step_allocates_nothing()
    {
        var neuron = new LinearNeuron();
        var sampler = new CelsiusSampler(1);
        IError error = new SquaredError();
        Assert.Equal(0, AllocatedBy(() =>
        {
            var (c, f) = sampler.Next();
            neuron.Input = c;
            neuron.Backpropagate(error.Derivative(f, neuron.FeedForward()));
        }));
    }

    [Fact]
    public void A_network_train_step_allocates_nothing()
    {
        var data = People.ShiftedTraining;
        foreach (var (network, error) in new (Network, IError)[]
                 {
                     (new Network(2, [2, 1], seed: 0), new SquaredError()),
                     (new Network(2, [3, 2, 1], seed: 1, useBias: false), new BinaryCrossEntropy()),
                 })
        {
            var k = 0;
            Assert.Equal(0, AllocatedBy(() =>
            {
                k = (k + 1) & 3;
                network.TrainStep(data.Inputs[k], data.Goals[k], error, 0.1);
            }));
        }
    }

    [Fact]
    public void Feedforward_backpropagation_stepping_and_reading_the_parameters_allocate_nothing()
    {
        var network = new Network(3, [2, 1], seed: 2, useBias: false);
        double[] x = [0.5, 0.7, 0.9];
        IError error = new BinaryCrossEntropy();
        var buffer = new double[network.Parameters.Count];
        Assert.Equal(0, AllocatedBy(() => network.FeedForward(x)));
        Assert.Equal(0, AllocatedBy(() => network.Backpropagate(x, 1, error)));
        Assert.Equal(0, AllocatedBy(() => network.Step(1e-9)));
        Assert.Equal(0, AllocatedBy(() =>
        {
            for (var k = 0; k < buffer.Length; k++)
                buffer[k] = network.Parameters[k].Value;
        }));
        Assert.Equal(network.GetParameters(), buffer);
    }

    [Fact]
    public void A_linear_trainer_run_allocates_only_its_history()
    {
        // 2,000 steps of history are 2,000 × 64 bytes; a step that allocated would add to that.
        IError error = new SquaredError();
        var allocated = AllocatedBy(() => LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(1), error, 2000, stopAtThreshold: false), 20);
        Assert.True(allocated < 20 * (2000 * 64 + 4096), $"{allocated} bytes for 20 runs");
    }

    [Fact]
    public void A_whole_batch_run_allocates_only_its_history()
    {
        // 2,000 steps of history are 2,001 × 32 bytes; a step (a pass over 50 samples) that allocated would add to that.
        IError error = new SquaredError();
        var data = Temperature.Sample(50, 1);
        var allocated = AllocatedBy(() => LinearTrainer.TrainBatch(new LinearNeuron(0.1, 0.2, 0.001), data, error, 2000), 20);
        Assert.True(allocated < 20 * (2001 * 32 + 4096), $"{allocated} bytes for 20 runs");
    }
}
