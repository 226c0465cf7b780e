"""Which registry rows a user may see (the registry is open to every signed-in role)."""

from .models import Asset, AssetPhoto


def may_see_photo(user, path: str) -> bool:
    """An asset's photo (settings.MEDIA_ACCESS): whoever may see the asset."""
    return AssetPhoto.objects.filter(image=path, asset__in=Asset.objects.for_user(user)).exists()
