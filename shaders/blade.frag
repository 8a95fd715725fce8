#version 330 core
// Steel-white core, cool glow, tapering to nothing at the ends: a sword's trail.
uniform vec3 uGlowColor;
in float vAcross;
in float vAlong;
out vec4 color;

void main()
{
    float taper = pow(sin(3.14159265 * clamp(vAlong, 0.0, 1.0)), 0.6);
    float d = abs(vAcross) / max(taper, 0.05);
    float core = 1.0 - smoothstep(0.12, 0.26, d);
    float glow = exp(-4.0 * d * d) * 0.85;
    vec3 c = mix(uGlowColor, vec3(1.0), core);
    color = vec4(c, clamp(core + glow, 0.0, 1.0) * taper);
}
