import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCudaOutOfMemory } from '../../../../../main/runner/gpu/cuda-oom';

const logs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'oom-logs');
const log = (name: string) => readFileSync(path.join(logs, name), 'utf8');

describe('CUDA out-of-memory recognition', () => {
  it.each([
    ['pytorch-2.4-torch-oom.log', 'PyTorch 2.4+ torch.OutOfMemoryError'],
    ['pytorch-2.0-cuda-oom.log', 'PyTorch 1.13-2.3 torch.cuda.OutOfMemoryError'],
    ['pytorch-1.x-runtime-error.log', 'PyTorch 1.x RuntimeError'],
    ['pytorch-cuda-error.log', 'CUDA runtime error: out of memory (a full GPU at start-up)'],
    ['pytorch-cublas-alloc.log', 'cuBLAS handle allocation'],
    ['pytorch-cudnn9-device-alloc.log', 'cuDNN 9 device allocation'],
    ['tensorflow-gpu-oom.log', 'TensorFlow OOM on device:GPU:0'],
    ['jax-xla-oom.log', 'JAX/XLA RESOURCE_EXHAUSTED'],
    ['jax-bfc-request.log', 'JAX BFC allocator request on a device ordinal'],
  ])('recognises %s (%s)', (file) => {
    expect(isCudaOutOfMemory(log(file))).toBe(true);
  });

  it.each([
    ['python-memoryerror.log', "Python's MemoryError and NumPy's _ArrayMemoryError (host memory)"],
    ['pytorch-cpu-oom.log', "PyTorch's DefaultCPUAllocator, even with advice that mentions CUDA out of memory"],
    ['kernel-oom-killer.log', "the kernel's OOM killer"],
    ['tensorflow-cpu-oom.log', 'TensorFlow OOM on device:CPU:0'],
    ['mps-oom.log', 'Apple MPS, though raised as torch.OutOfMemoryError'],
    ['cuda-illegal-access.log', 'a CUDA error that is not about memory'],
  ])('does not take %s for CUDA OOM (%s)', (file) => {
    expect(isCudaOutOfMemory(log(file))).toBe(false);
  });

  it('recognises the single lines other libraries print', () => {
    for (const line of [
      "numba.cuda.cudadrv.driver.CudaAPIError: [2] Call to cuMemAlloc results in CUDA_ERROR_OUT_OF_MEMORY",
      'RuntimeError: cuda runtime error (2) : out of memory at /pytorch/aten/src/THC/THCCachingAllocator.cpp:510',
      "node1:2211:2290 [0] include/alloc.h:48 NCCL WARN Cuda failure 'out of memory'",
      'cupy.cuda.memory.OutOfMemoryError: Out of memory allocating 4,294,967,296 bytes (allocated so far: 20,401,094,656 bytes).',
      'RuntimeError: cuDNN error: CUDNN_STATUS_ALLOC_FAILED',
      'RuntimeError: Resource exhausted: Out of memory while trying to allocate 5520758552 bytes.',
      'OutOfMemoryError: CUDA out of memory. Tried to allocate 192.00 MiB (GPU 0; 4.00 GiB total capacity; 3.08 GiB already allocated; 0 bytes free)',
    ]) {
      expect(isCudaOutOfMemory(line), line).toBe(true);
    }
  });

  it('ignores lines that only talk about GPU memory or fail on the host', () => {
    for (const line of [
      'tip: on CUDA out of memory lower --batch-size',
      'RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED',
      'RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR',
      'torch.OutOfMemoryError: XPU out of memory. Tried to allocate 2.00 GiB.',
      'torch.OutOfMemoryError: HIP out of memory. Tried to allocate 512.00 MiB.',
      'RuntimeError: CUDA error: device-side assert triggered',
      'W tensorflow/core/common_runtime/bfc_allocator.cc:290] Allocator (GPU_0_bfc) ran out of memory trying to allocate 2.13GiB with freed_by_count=0. The caller indicates that this is not a failure',
      '',
    ]) {
      expect(isCudaOutOfMemory(line), line).toBe(false);
    }
  });

  it('finds the error among Windows line endings', () => {
    expect(isCudaOutOfMemory(log('pytorch-1.x-runtime-error.log').replace(/\n/g, '\r\n'))).toBe(true);
  });
});
