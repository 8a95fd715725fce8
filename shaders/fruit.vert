#version 330 core
// One instanced quad per fruit. aFruit = (board x, board y, radius in pixels, kind: 0 tomato,
// 1 grape); aLift = how high a flying fruit is (0 on the board), which lifts it off its shadow.
layout(location = 0) in vec4 aFruit;
layout(location = 1) in float aLift;
uniform vec2 uViewport;
uniform vec4 uBoardRect;
uniform int uShadow;
out vec2 vCorner;
flat out float vKind;
flat out float vLift;

void main()
{
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1) * 2.0 - 1.0;
    vec2 center = uBoardRect.xy + vec2(aFruit.x * 0.5 + 0.5, 0.5 - aFruit.y * 0.5) * uBoardRect.zw;
    float radius = aFruit.z * (1.0 + 0.6 * aLift);
    if (uShadow == 1)
    {
        center += vec2(3.0, 4.0) + vec2(14.0, 28.0) * aLift;
    }
    vec2 pixel = center + corner * (radius + 1.5);
    vCorner = corner * (radius + 1.5) / radius;
    vKind = aFruit.w;
    vLift = aLift;
    gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);
}
