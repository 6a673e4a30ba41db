// The storefront (/) and the ops console (/ops) in Azure. The Functions host forwards only /api/... to the app
// (routePrefix 'api'), so the pages cannot be served from the function app's root. A Static Web App (Standard: the
// tier that may link an existing function app) serves the page folder functions/Shop.Functions/web, with the CSP
// and content headers of its staticwebapp.config.json, and routes /api/* to the linked function app, so the pages
// call the API on their own origin as they do locally.
param name string
param location string
param tags object = {}

@description('The function app that answers /api/* behind the static web app.')
param functionAppName string

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Content is uploaded with a deployment token (README, "Publish the pages"), not built from a repository.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

// "Bring your own functions": /api/* of the static web app reaches the function app.
resource backend 'Microsoft.Web/staticSites/userProvidedFunctionApps@2024-04-01' = {
  parent: staticWebApp
  name: functionApp.name
  properties: {
    functionAppResourceId: functionApp.id
    functionAppRegion: functionApp.location
  }
}

output name string = staticWebApp.name
output defaultHostName string = staticWebApp.properties.defaultHostname
