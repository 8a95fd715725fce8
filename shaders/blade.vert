#version 330 core
// A blade slash: a long thin quad per cut, built on the CPU in pixels. aAcross runs -1..1
// across the blade, aAlong 0..1 along it (the slash tapers at both ends).
layout(location = 0) in vec2 aPixel;
layout(location = 1) in float aAcross;
layout(location = 2) in float aAlong;
uniform vec2 uViewport;
out float vAcross;
out float vAlong;

void main()
{
    vAcross = aAcross;
    vAlong = aAlong;
    gl_Position = vec4(aPixel.x / uViewport.x * 2.0 - 1.0, 1.0 - aPixel.y / uViewport.y * 2.0, 0.0, 1.0);
}
