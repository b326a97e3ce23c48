"""Maps the top-level envs/, rewards/ and tasks/ folders into the `verticals` package.

The repository keeps the three parts of every vertical side by side at the top level, but
they install as `verticals.envs`, `verticals.rewards` and `verticals.tasks`, so nothing
generic such as `envs` or `tasks` lands at the top of site-packages. Subpackages are
discovered, so a new folder with an `__init__.py` needs no change here.
"""

from setuptools import find_packages, setup

PACKAGE_DIRS = {
    "verticals": "verticals",
    "verticals.envs": "envs",
    "verticals.rewards": "rewards",
    "verticals.tasks": "tasks",
}


def discover_packages() -> list[str]:
    packages = []
    for package, folder in PACKAGE_DIRS.items():
        packages.append(package)
        packages.extend(f"{package}.{sub}" for sub in find_packages(folder))
    return sorted(set(packages))


setup(package_dir=PACKAGE_DIRS, packages=discover_packages())
