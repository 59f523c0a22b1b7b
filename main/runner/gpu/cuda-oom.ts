/**
 * Recognises a trial that died because a GPU ran out of memory, from the last lines it printed.
 * The scheduler's answer to that (fewer trials per GPU, run it again) only helps with GPU memory,
 * so host-memory failures (Python's MemoryError, PyTorch's DefaultCPUAllocator, the kernel's OOM
 * killer) and other accelerators (Apple MPS, Intel XPU, AMD HIP) must not match.
 *
 * Matching is per line, on the words the libraries themselves print, anchored where a bare phrase
 * would be too loose: programs print advice such as "If you encounter CUDA out of memory, try
 * --tile" after a CPU failure.
 */
interface Signature {
  readonly pattern: RegExp;
  /** The same words that, with this on the line, are about something other than GPU memory. */
  readonly unless?: RegExp;
}

const SIGNATURES: readonly Signature[] = [
  // PyTorch's CUDA caching allocator, every version since 1.0: "RuntimeError: CUDA out of memory.
  // Tried to allocate 20.00 MiB (GPU 0; ...)", "torch.cuda.OutOfMemoryError: CUDA out of memory. ..."
  // (1.13-2.3), "torch.OutOfMemoryError: CUDA out of memory. ..." (2.4+), "OutOfMemoryError: ..." (notebooks).
  { pattern: /CUDA out of memory\. Tried to allocate/ },
  { pattern: /(?:Error|Exception): CUDA out of memory/ },
  // The exception class whatever its text; since PyTorch 2.4 it is also raised for MPS, XPU and HIP.
  { pattern: /\btorch\.(?:cuda\.)?OutOfMemoryError:/, unless: /\b(?:MPS|XPU|HIP)\b/ },
  // CUDA runtime and driver errors: "RuntimeError: CUDA error: out of memory" (cudaErrorMemoryAllocation,
  // e.g. creating a context on a full GPU), PyTorch 0.4's "cuda runtime error (2) : out of memory",
  // the driver's CUDA_ERROR_OUT_OF_MEMORY (TensorFlow, JAX, Numba), NCCL's "Cuda failure 'out of memory'".
  { pattern: /CUDA error: out of memory/ },
  { pattern: /cuda runtime error \(2\) : out of memory/ },
  { pattern: /\bCUDA_ERROR_OUT_OF_MEMORY\b/ },
  { pattern: /\bcudaErrorMemoryAllocation\b/ },
  { pattern: /Cuda failure 'out of memory'/i },
  { pattern: /\bcupy\.cuda\.memory\.OutOfMemoryError\b/ },
  // TensorFlow: "ResourceExhaustedError: OOM when allocating tensor with shape[...] and type float on
  // /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc". The same message names
  // device:CPU:0 and "allocator cpu" when host memory ran out.
  { pattern: /OOM when allocating tensor/, unless: /device:CPU|allocator cpu/i },
  { pattern: /ResourceExhaustedError.*failed to allocate memory/, unless: /device:CPU/i },
  // XLA (JAX, TensorFlow with XLA): "XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying
  // to allocate 4294967296 bytes.", "... Out of memory allocating ...", older "RuntimeError: Resource
  // exhausted: Out of memory ...", and the BFC allocator's "RESOURCE_EXHAUSTED: Failed to allocate
  // request for 2.99GiB (3206250496B) on device ordinal 0".
  { pattern: /resource[_ ]exhausted: out of memory/i },
  { pattern: /resource[_ ]exhausted: failed to allocate request for .* on device ordinal/i },
  // cuBLAS and cuDNN report allocation failures by status name ("Resource allocation failed inside
  // the library. This is usually caused by a cudaMalloc() failure"). cuDNN 9 split its
  // CUDNN_STATUS_ALLOC_FAILED into DEVICE_ (GPU memory: matched) and HOST_ALLOCATION_FAILED (host
  // memory: not matched). There is no cuDNN status CUDNN_STATUS_NOT_ENOUGH_WORKSPACE, though
  // copied snippets list it; and CUDNN_STATUS_INTERNAL_ERROR, while sometimes OOM in disguise, is
  // just as often a driver or version problem, so it is not taken as OOM.
  { pattern: /\bCUBLAS_STATUS_ALLOC_FAILED\b/ },
  { pattern: /\bCUDNN_STATUS_ALLOC_FAILED\b/ },
  { pattern: /\bCUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED\b/ },
];

/**
 * Whether the tail of a trial's output shows a GPU running out of memory. Meant for a trial that
 * exited with an error: a program that caught an out-of-memory error, recovered and later failed
 * for another reason still matches.
 */
export function isCudaOutOfMemory(logTail: string): boolean {
  for (const line of logTail.split(/\r?\n/)) {
    for (const { pattern, unless } of SIGNATURES) {
      if (pattern.test(line) && !(unless?.test(line) ?? false)) return true;
    }
  }
  return false;
}
