#version 330 core
// A flat rectangle (frames, bars, panels) with softly rounded corners.
uniform vec4 uColor;
uniform vec4 uRect;
uniform float uRadius;
in vec2 vUv;
out vec4 color;

void main()
{
    vec2 size = uRect.zw;
    vec2 p = abs(vUv - 0.5) * size;
    vec2 q = p - (size * 0.5 - vec2(uRadius));
    float d = length(max(q, 0.0)) - uRadius;
    float alpha = clamp(0.5 - d, 0.0, 1.0);
    color = vec4(uColor.rgb, uColor.a * alpha);
}
