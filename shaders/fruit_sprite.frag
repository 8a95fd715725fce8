#version 330 core
// A fruit sprite: one texture read of the premultiplied atlas, where all the shading went.
uniform sampler2D uAtlas;
in vec2 vUv;
in float vAlpha;
out vec4 color;

void main()
{
    color = texture(uAtlas, vUv) * vAlpha;
}
