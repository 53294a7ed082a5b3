# Read by JupyterLab when JUPYTER_CONFIG_DIR is this folder (make lab, Binder, the Kubernetes
# image): custom/custom.css, which gives the browser the course's Chinese font.
c.LabApp.custom_css = True  # noqa: F821 (c: the configuration being read)
