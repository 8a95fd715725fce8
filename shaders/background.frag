#version 330 core
// The table the board lies on: dark slate with a warm glow behind the board and a vignette.
uniform vec2 uGlow;
in vec2 vUv;
out vec4 color;

void main()
{
    vec3 top = vec3(0.118, 0.125, 0.173);
    vec3 bottom = vec3(0.067, 0.071, 0.098);
    vec3 c = mix(bottom, top, vUv.y);
    float glow = exp(-6.0 * dot(vUv - uGlow, vUv - uGlow));
    c += vec3(0.10, 0.07, 0.05) * glow;
    float vignette = smoothstep(1.05, 0.35, length(vUv - 0.5));
    color = vec4(c * mix(0.7, 1.0, vignette), 1.0);
}
