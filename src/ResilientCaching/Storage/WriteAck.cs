namespace ResilientCaching.Storage;

/// <summary>What Redis said about a write: the master offset right after it (when asked), and how many replicas acknowledged it.</summary>
internal readonly record struct WriteAck(long? MasterOffset, int ReplicasAcknowledged);
