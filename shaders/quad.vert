#version 330 core
// A screen rectangle given in pixels (top-left origin, as the layout is written), drawn as
// a 4-vertex strip with no vertex buffer. vUv has its origin bottom-left like a texture;
// vBoard maps the rectangle onto the board's [-1, 1] square.
uniform vec2 uViewport;
uniform vec4 uRect;
out vec2 vUv;
out vec2 vBoard;

void main()
{
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = uRect.xy + corner * uRect.zw;
    vUv = vec2(corner.x, 1.0 - corner.y);
    vBoard = vUv * 2.0 - 1.0;
    gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);
}
