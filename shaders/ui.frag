#version 330 core
// The atlas is white with glyph coverage in alpha, and has a white texel for solid shapes, so
// one multiply colours text, fills shapes and tints external textures alike.
uniform sampler2D uTexture;
in vec2 vUv;
in vec4 vColor;
out vec4 color;

void main()
{
    color = vColor * texture(uTexture, vUv);
}
