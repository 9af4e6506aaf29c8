"""The Rasa GraphComponent boilerplate the project's own pipeline components share.

- `create`: every component is built as `cls(config, name, model_storage, resource)`, `name`
  being the graph node's (featurizers use it to name their features);
- `validate_config`: settings the component does not have are refused, then `check_settings`
  checks the values of the known ones;
- TrainedComponent.`load`: built as by `create`, then `restore`d from what `train` wrote to its
  resource; with nothing there (not trained, or unreadable) `not_restored` says what happens.

List the base first (`class X(PipelineComponent, DenseFeaturizer)`), so its `validate_config`
stands in for the featurizers' abstract one.
"""

from pathlib import Path
from typing import Any, Dict, Text, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

# keys Rasa puts in every component's config besides its own settings
RASA_KEYS = {"name", "class"}

Component = TypeVar("Component", bound="PipelineComponent")


class PipelineComponent(GraphComponent):
    @classmethod
    def create(
        cls: type[Component],
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Component:
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        defaults = cls.get_default_config()
        unknown = sorted(set(config) - set(defaults) - RASA_KEYS)
        if unknown and defaults:
            raise ValueError(f"{cls.__name__}: unknown settings {unknown}")
        if unknown:
            raise ValueError(f"{cls.__name__} takes no settings, got {unknown}")
        cls.check_settings(config)

    @classmethod
    def check_settings(cls, config: Dict[Text, Any]) -> None:
        """Raise ValueError for a known setting with a wrong value (nothing to check by default)."""


class TrainedComponent(PipelineComponent):
    @classmethod
    def load(
        cls: type[Component],
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Component:
        component = cls.create(config, model_storage, resource, execution_context)
        try:
            with model_storage.read_from(resource) as folder:
                component.restore(folder)
        except (ValueError, OSError) as exc:
            component.not_restored(exc)
        return component

    def restore(self, folder: Path) -> None:
        """Read back what `train` wrote to the component's resource folder."""
        raise NotImplementedError

    def not_restored(self, error: Exception) -> None:
        """Nothing trained to read (`error` says why): by default the component runs untrained."""
