namespace Engine.Neural.Bench;

/// <summary>
/// Many cart-poles side by side, one per agent (Barto, Sutton and Anderson, 1983), with the
/// constants of Gymnasium's CartPole-v1: a pole hinged on a cart that is pushed left or right
/// with 10 N every 0.02 s (explicit Euler); an episode ends when the pole leans past 12 degrees
/// or the cart leaves [-2.4, 2.4] m, and is cut off after 500 steps. Reward 1 per step.
/// </summary>
public sealed class CartPole
{
    /// <summary>Observations per environment: x, x', theta, theta'.</summary>
    public const int ObservationSize = 4;

    /// <summary>Steps after which an episode is cut off (a time limit, not a failure).</summary>
    public const int MaxSteps = 500;

    private const double Gravity = 9.8;
    private const double CartMass = 1.0;
    private const double PoleMass = 0.1;
    private const double TotalMass = CartMass + PoleMass;
    private const double HalfLength = 0.5;
    private const double PoleMassLength = PoleMass * HalfLength;
    private const double ForceMagnitude = 10.0;
    private const double Tau = 0.02;
    private const double XLimit = 2.4;
    private const double ThetaLimit = 12 * 2 * Math.PI / 360;

    private readonly double[] _state;
    private readonly int[] _steps;
    private readonly DeterministicRandom[] _random;

    /// <summary>Creates <paramref name="count"/> environments, each reset from its own stream of <paramref name="seed"/>.</summary>
    public CartPole(int count, ulong seed)
    {
        Count = count;
        _state = new double[count * ObservationSize];
        _steps = new int[count];
        _random = new DeterministicRandom[count];
        for (var i = 0; i < count; i++)
        {
            _random[i] = DeterministicRandom.ForStream(seed, (ulong)i);
            Reset(i);
        }
    }

    /// <summary>Number of environments.</summary>
    public int Count { get; }

    /// <summary>Steps taken in environment <paramref name="i"/>'s current episode.</summary>
    public int Steps(int i) => _steps[i];

    /// <summary>Starts a new episode: every state variable uniform in [-0.05, 0.05].</summary>
    public void Reset(int i)
    {
        for (var k = 0; k < ObservationSize; k++)
        {
            _state[(i * ObservationSize) + k] = _random[i].NextDouble(-0.05, 0.05);
        }

        _steps[i] = 0;
    }

    /// <summary>Writes environment <paramref name="i"/>'s observation.</summary>
    public void Observe(int i, Span<float> observation)
    {
        for (var k = 0; k < ObservationSize; k++)
        {
            observation[k] = (float)_state[(i * ObservationSize) + k];
        }
    }

    /// <summary>
    /// Pushes the cart right (<paramref name="pushRight"/>) or left for one step. Returns the
    /// reward (1, also on the step that fails) and how the episode ended, if it did.
    /// </summary>
    public (float Reward, bool Terminated, bool Truncated) Step(int i, bool pushRight)
    {
        var s = _state.AsSpan(i * ObservationSize, ObservationSize);
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        var force = pushRight ? ForceMagnitude : -ForceMagnitude;
        var (sin, cos) = Math.SinCos(theta);
        var temp = (force + (PoleMassLength * thetaDot * thetaDot * sin)) / TotalMass;
        var thetaAcc = ((Gravity * sin) - (cos * temp)) / (HalfLength * ((4.0 / 3.0) - (PoleMass * cos * cos / TotalMass)));
        var xAcc = temp - (PoleMassLength * thetaAcc * cos / TotalMass);
        s[0] = x + (Tau * xDot);
        s[1] = xDot + (Tau * xAcc);
        s[2] = theta + (Tau * thetaDot);
        s[3] = thetaDot + (Tau * thetaAcc);
        var steps = ++_steps[i];
        var terminated = s[0] < -XLimit || s[0] > XLimit || s[2] < -ThetaLimit || s[2] > ThetaLimit;
        return (1f, terminated, !terminated && steps >= MaxSteps);
    }
}
