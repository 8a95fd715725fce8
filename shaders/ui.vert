#version 330 core
// The immediate-mode UI's geometry: positions in framebuffer pixels with a top-left origin,
// texture coordinates into the glyph atlas (or an external texture), and a straight-alpha
// colour that the texture is multiplied by.
uniform vec2 uViewport;
layout(location = 0) in vec2 aPosition;
layout(location = 1) in vec2 aUv;
layout(location = 2) in vec4 aColor;
out vec2 vUv;
out vec4 vColor;

void main()
{
    vUv = aUv;
    vColor = aColor;
    gl_Position = vec4(aPosition.x / uViewport.x * 2.0 - 1.0, 1.0 - aPosition.y / uViewport.y * 2.0, 0.0, 1.0);
}
