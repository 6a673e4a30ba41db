// Key Vault in RBAC mode holding the app's secrets. App settings reference them with
// @Microsoft.KeyVault(SecretUri=...); the app's identity holds Key Vault Secrets User (infra/app/rbac.bicep).
// Flex Consumption resolves references only from a vault that is not network-restricted, so public network
// access stays enabled and access is controlled by Microsoft Entra ID and RBAC.
param name string
param location string
param tags object = {}

@secure()
@description('Secret name -> value. Empty values are skipped, so a redeploy keeps what is already in the vault.')
param secretValues object

@minValue(7)
@maxValue(90)
@description('Days a deleted vault or secret can be recovered.')
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [for secret in items(secretValues): if (!empty(secret.value)) {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
    contentType: 'text/plain'
  }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri
