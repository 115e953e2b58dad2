package io.foldwise.unet.checkpoint;

/**
 * What a training just saved, as reported to listeners.
 *
 * @param kind latest, best or final
 * @param epoch completed epochs at the time (1-based number of the last one)
 * @param iteration optimizer steps done
 * @param configHash hash of the model and training configuration
 * @param splitHash hash of the training/validation split, as given by the caller
 * @param sizeBytes size of the stored checkpoint
 * @param location where it was stored ({@link CheckpointStore#describe})
 */
public record Checkpoint(
    CheckpointKind kind, int epoch, long iteration, String configHash, String splitHash,
    long sizeBytes, String location) {}
