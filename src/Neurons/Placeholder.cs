namespace Neurons;
