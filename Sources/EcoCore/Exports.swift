// Time parsing and buckets live in the dependency-free EcoTime target so the science modules
// can share them; EcoCore users get them without a second import.
@_exported import EcoTime
