namespace Engine.Ecs.Tests.Support;

public record struct Position(float X, float Y);

public record struct Velocity(float X, float Y);

public record struct Health(int Value);

public record struct Frozen;

public record struct Label(string Text);

public record struct Wide(long A, long B, long C, long D, long E, long F, long G, long H);
