// The function app: a Flex Consumption plan (FC1, Linux) running the app as a .NET isolated worker
// (functionAppConfig.runtime dotnet-isolated 10.0, the app's target framework and the newest generally available
// .NET on Flex; on Flex this replaces the FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION app settings, which
// Flex refuses). Orders run on Durable Functions with the Azure Storage provider, on the app's identity-based storage. Identity-based storage, Key Vault references
// and Application Insights all go through the user-assigned identity.
param name string
param planName string
param location string
param tags object = {}
param identityName string
param storageAccountName string
param deploymentContainerName string
param keyVaultName string
param applicationInsightsName string

@description('The app\'s own settings (name -> value), from infra/main.bicep.')
param appSettings object

// Names only, no secret values (those go to Key Vault through the @secure() secretValues of core/keyvault.bicep),
// so this is not @secure(): the mapping stays visible in the deployment history and in what-if.
@description('Settings whose values live in Key Vault: app setting name -> Key Vault secret name, from infra/main.bicep.')
param keyVaultSecretNames object

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Host-level settings: the identity-based AzureWebJobsStorage connection (what the Functions host and the
// app's StorageClientFactory read) and Application Insights with Microsoft Entra ID ingestion.
var hostSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
}

// Versionless secret URIs: the platform picks up a rotated secret within 24 hours (at once on restart).
// The vault URI is built from its name, so the references are known before deployment starts.
var vaultUri = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/'
var keyVaultReferences = toObject(items(keyVaultSecretNames), setting => setting.key, setting => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${setting.value}/)')

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// All app settings in one write. Later lists win: the app's settings (with the operator's overrides) may blank a
// Key Vault reference — e.g. Stripe__SecretKey '' for a demo on the simulated gateway — but never a host setting.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(keyVaultReferences, appSettings, hostSettings)
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
