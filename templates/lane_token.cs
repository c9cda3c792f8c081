<?cs def:content() ?>
<section class="card wide">
  <h1>Lane <?cs var:Lane.Name ?> registered</h1>
  <p class="warning" role="status">Copy this token into the lane's settings now. It is shown this once and never again; if it is lost, revoke the lane and register it again.</p>
  <label for="token">Token</label>
  <input id="token" class="token" type="text" readonly value="<?cs var:Lane.Token ?>">
  <p>The lane sends it as <code>Authorization: Bearer</code> followed by the token.</p>
  <p><a href="/lanes">Back to the lanes</a></p>
</section>
<?cs /def ?>
