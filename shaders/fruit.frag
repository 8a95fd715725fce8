#version 330 core
// A shaded fruit: a glossy sphere with a dark rim; tomatoes get a green calyx, grapes a
// dusty bloom. The shadow pass draws the same disc as a soft dark blot.
uniform int uShadow;
in vec2 vCorner;
flat in float vKind;
flat in float vLift;
out vec4 color;

void main()
{
    float r = length(vCorner);
    float aa = fwidth(r);
    float inside = 1.0 - smoothstep(1.0 - aa, 1.0 + aa, r);
    if (inside <= 0.0)
    {
        discard;
    }

    if (uShadow == 1)
    {
        float soft = (1.0 - smoothstep(0.3, 1.0, r)) * mix(0.35, 0.18, vLift);
        color = vec4(0.0, 0.0, 0.0, soft);
        return;
    }

    bool grape = vKind > 0.5;
    vec3 base = grape ? vec3(0.392, 0.173, 0.588) : vec3(0.871, 0.165, 0.118);
    vec3 dark = grape ? vec3(0.180, 0.063, 0.290) : vec3(0.478, 0.051, 0.039);
    vec3 normal = vec3(vCorner, sqrt(max(0.0, 1.0 - r * r)));
    float diffuse = clamp(dot(normal, normalize(vec3(-0.5, 0.6, 0.8))), 0.0, 1.0);
    vec3 c = mix(dark, base, 0.35 + 0.65 * diffuse);
    if (grape)
    {
        c = mix(c, vec3(0.72, 0.66, 0.82), 0.12 * smoothstep(0.4, 1.0, r));
    }
    float gloss = pow(clamp(dot(normal, normalize(vec3(-0.35, 0.55, 1.0))), 0.0, 1.0), 24.0);
    c += vec3(gloss) * 0.75;
    if (!grape)
    {
        // The calyx: a small green star at the top of the tomato.
        vec2 q = vCorner - vec2(0.0, -0.55);
        float angle = atan(q.y, q.x);
        float star = 0.22 + 0.10 * cos(5.0 * angle);
        c = mix(c, vec3(0.204, 0.525, 0.173), 1.0 - smoothstep(star - 0.05, star + 0.05, length(q)));
    }
    c = mix(c, dark * 0.6, smoothstep(0.80, 1.0, r));
    color = vec4(c, inside);
}
