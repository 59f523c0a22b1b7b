import type { GpuGrant } from './gpu-slots';

/**
 * The environment variables that give a trial its GPUs.
 *
 * CUDA_DEVICE_ORDER=PCI_BUS_ID: Tundra's indexes are nvidia-smi's, which count GPUs in PCI bus
 * order, while CUDA by default counts the fastest GPU first. On a machine with mixed GPUs the two
 * differ, and without this variable CUDA_VISIBLE_DEVICES=1 could name a GPU another trial holds.
 *
 * CUDA_VISIBLE_DEVICES is set even when empty: for a CPU-only trial the empty string hides every
 * GPU, where leaving it out would show them all. Spawn with these merged over the user's
 * environment, so they win over whatever the shell had.
 */
export interface CudaEnvironment {
  readonly CUDA_VISIBLE_DEVICES: string;
  readonly CUDA_DEVICE_ORDER: 'PCI_BUS_ID';
}

export function cudaEnvironment(grant: GpuGrant): CudaEnvironment {
  return { CUDA_VISIBLE_DEVICES: grant.cudaVisibleDevices, CUDA_DEVICE_ORDER: 'PCI_BUS_ID' };
}
