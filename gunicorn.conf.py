"""gunicorn settings read from the working directory by `make run` and the benchmarks."""


def post_worker_init(worker):
    from anshim.portal.warmup import warm_up

    warm_up()
