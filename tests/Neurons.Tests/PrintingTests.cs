namespace Neurons.Tests;

/// <summary>A notebook cell that ends in a library object shows something worth reading.</summary>
public class PrintingTests
{
    [Fact]
    public void A_linear_neuron_prints_its_formula_with_its_weights()
    {
        var text = new LinearNeuron(1.8, 32).ToString();
        Assert.Contains("1.8 × input + 32", text);
        Assert.Contains("0.01", text);
    }

    [Fact]
    public void A_network_prints_its_shape_and_every_named_parameter()
    {
        var network = Network.WithConstants(2, [2, 1], weight: 1, bias: 0.5);
        var text = network.ToString();
        Assert.StartsWith("Network 2-2-1", text);
        Assert.Contains("w6 = 1", text);
        Assert.Contains("b3 = 0.5", text);
    }

    [Fact]
    public void A_neuron_prints_its_weights_bias_and_activation()
    {
        Assert.Equal("Neuron(w = [0, 1], b = 4, sigmoid)", new Neuron([0, 1], 4).ToString());
    }

    [Fact]
    public void A_training_run_prints_how_it_ended()
    {
        var converged = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(0), new SquaredError(), 5000);
        Assert.StartsWith("Converged", converged.ToString());
        Assert.Contains(converged.ConvergedAt!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), converged.ToString());
        var notYet = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(0), new AbsoluteError(), 100);
        Assert.StartsWith("Not converged after 100 iterations", notYet.ToString());
    }
}
