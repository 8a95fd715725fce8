#version 330 core
// The text layer: a premultiplied-alpha RGBA texture rasterised by SkiaSharp, top row first.
uniform sampler2D uOverlay;
in vec2 vUv;
out vec4 color;

void main()
{
    color = texture(uOverlay, vec2(vUv.x, 1.0 - vUv.y));
}
