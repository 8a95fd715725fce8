#version 330 core
// The big board each frame, in one pass over the board and the margin its fruit overhang:
// the selected brain's boundary as boundary.frag draws it (diverging scale, each cut's
// positive side lit, 0.5 contour, grid), with the landed fruit laid over it from their own
// premultiplied layer rather than drawn one by one. Outside the board only the overhanging
// fruit are drawn.
uniform sampler2D uField;
uniform sampler2D uLanded;
uniform float uCutShade;
in vec2 vLanded;
in vec2 vBoard;
in vec4 vSides[CUT_GROUPS];
out vec4 color;

const vec3 Tomato = vec3(0.898, 0.302, 0.259);
const vec3 Neutral = vec3(0.949, 0.898, 0.800);
const vec3 Grape = vec3(0.478, 0.310, 0.745);

void main()
{
    vec4 fruit = texture(uLanded, vLanded);
    float p = texture(uField, vBoard * 0.5 + 0.5).r;
    float signedConfidence = p * 2.0 - 1.0;
    float confidence = pow(abs(signedConfidence), 0.7);
    vec3 side = signedConfidence < 0.0 ? Tomato : Grape;
    vec3 c = mix(Neutral, side, 0.10 + 0.45 * confidence);

    vec4 lit = vec4(0.0);
    for (int g = 0; g < CUT_GROUPS; g++)
    {
        lit += vec4(greaterThan(vSides[g], vec4(0.0)));
    }
    c = mix(c, vec3(1.0), uCutShade * dot(lit, vec4(1.0)));

    // The 0.5 contour, about one pixel wide whatever the scale.
    float edge = abs(p - 0.5) / max(fwidth(p), 1e-4);
    c *= mix(0.55, 1.0, smoothstep(0.5, 1.5, edge));

    // A faint board grid keeps the scale readable.
    vec2 grid = abs(fract(vBoard * 4.0 + 0.5) - 0.5) / fwidth(vBoard * 4.0);
    c *= mix(0.94, 1.0, smoothstep(0.0, 1.0, min(grid.x, grid.y)));

    // Premultiplied "over": opaque board under the fruit inside the board, fruit alone outside.
    bool outside = vBoard.x < -1.0 || vBoard.y < -1.0 || vBoard.x >= 1.0 || vBoard.y >= 1.0;
    color = outside ? fruit : vec4(fruit.rgb + c * (1.0 - fruit.a), 1.0);
}
