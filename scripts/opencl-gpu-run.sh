#!/usr/bin/env bash
# Prepares a bundle that runs the OpenCL parity check and bench on a machine with no .NET SDK and no package
# registry (the lent GPU machine): a self-contained, trimmed publish of the bench, the OpenCL
# ICD loader unpacked from Debian's ocl-icd-libopencl1 .deb, and a vendor file naming the NVIDIA
# driver's libnvidia-opencl.so.1. The bundle's run.sh then runs on the target.
#
#   scripts/opencl-gpu-run.sh prepare [OUT]   build the bundle (default: gpu-bundle/, git-ignored)
#   OUT/run.sh [bench args...]               on the target: find the driver, run the bench
#                                            (default OPENCL OPENCL_PARITY: the timings, then both
#                                            kernel families against the CPU backend)
#   OUT/run.sh --local [bench args...]       here: run the same bundle against the installed
#                                            ICDs (PoCL), to test the preparation
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:-prepare}"
out="${2:-$root/gpu-bundle}"

if [[ "$cmd" != "prepare" ]]; then
    echo "usage: $0 prepare [OUT]" >&2
    exit 2
fi

rm -rf "$out"
mkdir -p "$out/lib" "$out/vendors"

# Trimmed: the untrimmed runtime alone is ~70 MiB and the device tool carries 64 MiB in all.
dotnet publish "$root/bench/Engine.Neural.Bench/Engine.Neural.Bench.csproj" -c Release -r linux-x64 \
    --self-contained -p:PublishTrimmed=true -p:TrimMode=partial -p:TreatWarningsAsErrors=false \
    -p:InvariantGlobalization=true -o "$out/bench" >"$out/publish.log" 2>&1 \
    || { tail -30 "$out/publish.log" >&2; echo "publish failed (log: $out/publish.log)" >&2; exit 1; }

# The loader comes from the Debian package, not from this machine's /usr/lib, so the bundle
# does not depend on what happens to be installed here.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download ocl-icd-libopencl1 >/dev/null)
dpkg-deb -x "$work"/ocl-icd-libopencl1_*.deb "$work/deb"
cp -L "$work"/deb/usr/lib/x86_64-linux-gnu/libOpenCL.so.1 "$out/lib/"
# Silk.NET probes for libOpenCL.so as well as .so.1.
ln -sf libOpenCL.so.1 "$out/lib/libOpenCL.so"

cat >"$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the bundled bench against the NVIDIA OpenCL driver (or, with --local, the installed ICDs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DOTNET_gcServer=0
if [[ "${1:-}" == "--local" ]]; then
    shift
    export OCL_ICD_VENDORS=/etc/OpenCL/vendors
else
    driver=""
    for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
        if [[ -e "$dir/libnvidia-opencl.so.1" ]]; then driver="$dir/libnvidia-opencl.so.1"; break; fi
    done
    if [[ -z "$driver" ]]; then
        driver="$(find / -xdev -name 'libnvidia-opencl.so.1' 2>/dev/null | head -1 || true)"
    fi
    if [[ -z "$driver" ]]; then
        echo "no libnvidia-opencl.so.1 found on this machine" >&2
        exit 1
    fi
    vendors="$(mktemp -d)"
    echo "$driver" >"$vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$vendors"
    export LD_LIBRARY_PATH="$(dirname "$driver"):$LD_LIBRARY_PATH"
    echo "using $driver"
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
if (( $# == 0 )); then set -- OPENCL OPENCL_PARITY; fi
exec "$here/bench/Engine.Neural.Bench" "$@"
RUN
chmod +x "$out/run.sh"

size="$(du -sm "$out" | cut -f1)"
echo "bundle: $out (${size} MiB)"
if (( size > 60 )); then
    echo "warning: ${size} MiB is over what the device tool carries (64 MiB in all)" >&2
fi
