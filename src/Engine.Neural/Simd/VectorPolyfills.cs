#if !NET9_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Simd;

/// <summary>
/// The vector operations the kernels use that .NET 9 added, for the net8.0 build, as static
/// extension members so that the kernels' code is the same on every target. net9.0 and later
/// use the runtime's own. On .NET 8, <c>Max</c>/<c>Min</c> and <c>ConvertToInt32</c> are what
/// .NET 9 renamed <c>MaxNative</c>/<c>MinNative</c> and <c>ConvertToInt32Native</c>.
/// </summary>
internal static class VectorPolyfills
{
    extension(Vector128)
    {
        /// <summary><c>a * b + c</c>, fused where the CPU can.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b) : (a * b) + c;

        /// <summary>The platform's own maximum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MaxNative(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);

        /// <summary>The platform's own minimum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MinNative(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);

        /// <summary>Rounds to the nearest integer, ties to even.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Round(Vector128<float> a)
        {
            if (Sse41.IsSupported)
            {
                return Sse41.RoundToNearestInteger(a);
            }

            if (AdvSimd.IsSupported)
            {
                return AdvSimd.RoundToNearest(a);
            }

            return Vector128.Create(MathF.Round(a[0]), MathF.Round(a[1]), MathF.Round(a[2]), MathF.Round(a[3]));
        }

        /// <summary>Converts to int32 as the platform does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> ConvertToInt32Native(Vector128<float> a) => Vector128.ConvertToInt32(a);
    }

    extension(Vector256)
    {
        /// <summary><c>a * b + c</c>, fused where the CPU can.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

        /// <summary>The platform's own maximum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MaxNative(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

        /// <summary>The platform's own minimum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MinNative(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);

        /// <summary>Rounds to the nearest integer, ties to even.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Round(Vector256<float> a) =>
            Avx.IsSupported ? Avx.RoundToNearestInteger(a) : Vector256.Create(Vector128.Round(a.GetLower()), Vector128.Round(a.GetUpper()));

        /// <summary>Converts to int32 as the platform does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ConvertToInt32Native(Vector256<float> a) => Vector256.ConvertToInt32(a);
    }

    extension(Vector512)
    {
        /// <summary><c>a * b + c</c>, fused where the CPU can.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
            Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;

        /// <summary>The platform's own maximum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MaxNative(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

        /// <summary>The platform's own minimum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MinNative(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);

        /// <summary>Rounds to the nearest integer, ties to even (RoundScale with control 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Round(Vector512<float> a) =>
            Avx512F.IsSupported ? Avx512F.RoundScale(a, 0) : Vector512.Create(Vector256.Round(a.GetLower()), Vector256.Round(a.GetUpper()));

        /// <summary>Converts to int32 as the platform does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ConvertToInt32Native(Vector512<float> a) => Vector512.ConvertToInt32(a);
    }
}
#endif
