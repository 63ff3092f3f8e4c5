"""Word lists shared by normalisation and negation scope."""

STOP_WORDS = frozenset(
    """a an the of to in on at for by with and or but is are was were be been being it its this that
    these those as from into than then there their they them he she his her we our you your i me my
    do does did so such can will would should could may might must have has had what which who whom
    when where why how all any each some more most also just only very about over under if because
    while between through am us him itself themselves yourself myself ourselves shall let etc
    up out off too here s t""".split()
)
