#version 330 core
// An agent's decision boundary on its thumbnail: the grape probability its brain gives each
// board cell, cached in a texture, drawn on a diverging scale (tomato red - board wood -
// grape purple) whose saturation is the brain's confidence, and a thin dark contour where
// the brain switches from tomato to grape. board.frag draws the big board the same way,
// with the cuts' sides lit.
uniform sampler2D uField;
in vec2 vUv;
in vec2 vBoard;
out vec4 color;

const vec3 Tomato = vec3(0.898, 0.302, 0.259);
const vec3 Neutral = vec3(0.949, 0.898, 0.800);
const vec3 Grape = vec3(0.478, 0.310, 0.745);

void main()
{
    float p = texture(uField, vUv).r;
    float signedConfidence = p * 2.0 - 1.0;
    float confidence = pow(abs(signedConfidence), 0.7);
    vec3 side = signedConfidence < 0.0 ? Tomato : Grape;
    vec3 c = mix(Neutral, side, 0.10 + 0.45 * confidence);

    // The 0.5 contour, about one pixel wide whatever the scale.
    float edge = abs(p - 0.5) / max(fwidth(p), 1e-4);
    c *= mix(0.55, 1.0, smoothstep(0.5, 1.5, edge));

    // A faint board grid keeps the scale readable.
    vec2 grid = abs(fract(vBoard * 4.0 + 0.5) - 0.5) / fwidth(vBoard * 4.0);
    c *= mix(0.94, 1.0, smoothstep(0.0, 1.0, min(grid.x, grid.y)));
    color = vec4(c, 1.0);
}
