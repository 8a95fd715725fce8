#!/usr/bin/env bash
# Installs every Debian package the project needs. Idempotent: packages already present
# are not touched, and apt is not called at all when nothing is missing.
# Runs as root, or through sudo when not root.
set -euo pipefail

packages=(
  pocl-opencl-icd      # OpenCL CPU device (PoCL): every OpenCL test runs on it without a GPU
  ocl-icd-libopencl1   # the OpenCL ICD loader, libOpenCL.so.1, which Silk.NET.OpenCL loads
  libglfw3             # windows, keyboard and mouse for the demo (GLFW 3.3)
  xvfb                 # a virtual X server, for running the windowed demo without a display
  xauth                # needed by xvfb-run
  libegl1              # EGL loader: headless rendering with no display
  libegl-mesa0         # Mesa's EGL vendor (surfaceless platform)
  libgl1-mesa-dri      # Mesa's software renderer (llvmpipe), which EGL alone does not pull in
  fonts-dejavu-core    # DejaVu Sans, the overlay's font
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "setup: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
