from django.urls import path

from . import views

urlpatterns = [
    path("", views.asset_list, name="asset-list"),
    path("map/", views.asset_map, name="asset-map"),
    path("geojson/", views.asset_geojson, name="asset-geojson"),
    path("search/", views.asset_search, name="asset-search"),
    path("<int:pk>/", views.asset_detail, name="asset-detail"),
]
