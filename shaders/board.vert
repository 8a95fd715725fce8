#version 330 core
// The board pass's rectangle (uRect: the landed fruit's layer, in screen pixels, top-left
// origin) with, at each pixel, where it lies in the landed layer and on the board's [-1, 1]
// square, and which side of each cut it is on. All are affine in the pixel, so the
// rasteriser interpolates them exactly and the fragment shader only compares: testing the
// cuts per pixel from uniforms costs llvmpipe more than all the board's other shading.
uniform vec2 uViewport;
uniform vec4 uRect;
uniform vec4 uBoardRect;
// Up to 16 cuts, four to a vec4: cut i is W1 x + W2 y + B = 0 with W1 = uCutW1[i / 4][i % 4].
uniform vec4 uCutW1[CUT_GROUPS];
uniform vec4 uCutW2[CUT_GROUPS];
uniform vec4 uCutB[CUT_GROUPS];
out vec2 vLanded;
out vec2 vBoard;
out vec4 vSides[CUT_GROUPS];

void main()
{
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = uRect.xy + corner * uRect.zw;
    // Texture rows run bottom-up, the layout's rows top-down.
    vLanded = vec2(corner.x, 1.0 - corner.y);
    vBoard = vec2(pixel.x - uBoardRect.x, uBoardRect.y + uBoardRect.w - pixel.y) / uBoardRect.zw * 2.0 - 1.0;
    for (int g = 0; g < CUT_GROUPS; g++)
    {
        vSides[g] = uCutW1[g] * vBoard.x + uCutW2[g] * vBoard.y + uCutB[g];
    }
    gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);
}
