# The course's settings for The Littlest JupyterHub (one server; about 60 learners on 32 GB).
# Copy this file to /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload`;
# the README's page for trainers has every step. `c` is the hub's configuration.

# The cohort's hand-in folder, prepared with
#   sudo /opt/tljh/user/bin/opsbook drop-folder /srv/ops-playbook/hand_in --group jupyterhub-admins
# ("Send to trainer" writes there; the trainers, TLJH's admins, read it; learners cannot).
c.Spawner.environment.update({"OPSBOOK_DROP": "/srv/ops-playbook/hand_in"})  # noqa: F821

# Each learner's server: JupyterLab in their home, where nbgitpuller puts the course.
c.Spawner.default_url = "/lab"  # noqa: F821
c.Spawner.notebook_dir = "~"  # noqa: F821

# From `make loadtest` on a 2-core server (README): about 0.35 GB of memory per learner who has
# run a chapter, and under 1% of a core on average while they work. The limits leave room for
# importing a year of one's own orders and stop one runaway notebook from taking the server
# from everyone else.
c.Spawner.mem_limit = "2G"  # noqa: F821
c.Spawner.cpu_limit = 1  # noqa: F821
