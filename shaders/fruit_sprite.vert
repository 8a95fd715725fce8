#version 330 core
// One instanced sprite per fruit, cut from the atlas the fruit shader painted once. aFruit =
// (board x, board y, radius in pixels, kind: 0 tomato, 1 grape); aLift = how high a flying
// fruit is. uMode 0: a landed fruit with its shadow baked in; 1: a flying fruit's shadow
// (off to the side and fainter the higher it flies); 2: the flying fruit itself, grown with lift.
layout(location = 0) in vec4 aFruit;
layout(location = 1) in float aLift;
uniform vec2 uViewport;
uniform vec4 uBoardRect;
uniform int uMode;
uniform float uCell;
uniform float uOrigin;
out vec2 vUv;
out float vAlpha;

void main()
{
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 center = uBoardRect.xy + vec2(aFruit.x * 0.5 + 0.5, 0.5 - aFruit.y * 0.5) * uBoardRect.zw;
    float scale = uMode == 0 ? 1.0 : 1.0 + 0.6 * aLift;
    float cell = uMode == 0 ? aFruit.w : (uMode == 2 ? 2.0 + aFruit.w : 4.0);
    if (uMode == 1)
    {
        center += vec2(3.0, 4.0) + vec2(14.0, 28.0) * aLift;
    }
    vec2 pixel = center + (corner * uCell - vec2(uOrigin)) * scale;
    // The atlas is a row of five square cells; its texture rows run bottom-up.
    vUv = vec2((cell + corner.x) / 5.0, 1.0 - corner.y);
    vAlpha = uMode == 1 ? mix(1.0, 0.18 / 0.35, aLift) : 1.0;
    gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);
}
