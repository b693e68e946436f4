"""`momentos bench`: the real bot and the simulator in separate processes under load, with the floors beside them."""
